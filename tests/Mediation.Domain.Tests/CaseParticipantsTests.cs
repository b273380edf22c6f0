using Mediation.Domain.Cases;
using Mediation.Domain.Organizations;

namespace Mediation.Domain.Tests;

/// <summary>Person details, collective disputes, agents, the request for another mediator, and the organization's
/// accepted dispute types.</summary>
public class CaseParticipantsTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);
    private static readonly MediationOrganization Organization = new("张店区劳动人事争议调解中心", OrganizationKind.TownshipLaborMediation, "人民西路100号", null);

    private static PartyIntake Worker(int i, bool representative = false) =>
        new(PartyKind.NaturalPerson, $"工人{i}", null, $"1380000{i:D4}", IsRepresentative: representative);

    private static CaseIntake Application(IReadOnlyList<PartyIntake> applicants, params DisputeClaim[] claims) => new(
        IntakeChannel.Staff, "拖欠工资争议", "2026年8月起未发工资。", Now.AddMinutes(-10), applicants,
        [new PartyIntake(PartyKind.Organization, "淄博恒信机械制造有限公司", null, "13900000002")],
        claims.Length > 0 ? claims : [new DisputeClaim(ClaimCategory.LaborRemuneration, "支付拖欠工资", 18600m, PartySide.Respondent)]);

    private static Case Assigned(out Guid applicantId)
    {
        var @case = CaseIntakeRules.Register(Application([Worker(1)]), Guid.NewGuid(), "劳调〔2026〕第0001号", "staff");
        @case.Accept("admin", Now);
        @case.AssignMediator("admin", Now, "mediator-1");
        applicantId = @case.Parties[0].Id;
        return @case;
    }

    [Fact]
    public void Gender_and_birth_date_default_to_what_the_identity_card_encodes_and_a_contradiction_is_refused()
    {
        var man = new PartyIntake(PartyKind.NaturalPerson, "李明", "370303199001011239", "13800000001", Ethnicity: "汉族");
        var @case = CaseIntakeRules.Register(Application([man]), Guid.NewGuid(), "劳调〔2026〕第0001号", "staff");
        Assert.Equal(Gender.Male, @case.Parties[0].Gender);
        Assert.Equal(new DateOnly(1990, 1, 1), @case.Parties[0].BirthDate);
        Assert.Equal("汉族", @case.Parties[0].Ethnicity);

        var wrong = man with { Gender = Gender.Female, BirthDate = new DateOnly(1990, 1, 2) };
        var errors = CaseIntakeRules.Validate(Application([wrong]), Organization, Now);
        Assert.Contains("applicants[0].gender", errors.ByField.Keys);
        Assert.Contains("applicants[0].birthDate", errors.ByField.Keys);
    }

    [Fact]
    public void Ten_workers_make_a_collective_dispute_with_three_to_five_representatives()
    {
        var ten = Enumerable.Range(1, 10).Select(i => Worker(i, representative: i <= 3)).ToList();
        Assert.Equal(0, CaseIntakeRules.Validate(Application(ten), Organization, Now).Count);
        var @case = CaseIntakeRules.Register(Application(ten), Guid.NewGuid(), "劳调〔2026〕第0001号", "staff");
        Assert.True(@case.IsCollective);
        Assert.Equal(3, @case.Parties.Count(p => p.IsRepresentative));

        // Electing representatives is optional (art. 7: 可以推举), but when they are named the rules hold.
        Assert.Equal(0, CaseIntakeRules.Validate(Application([.. Enumerable.Range(1, 12).Select(i => Worker(i))]), Organization, Now).Count);
        var nine = Enumerable.Range(1, 9).Select(i => Worker(i, representative: i <= 3)).ToList();
        Assert.Contains("applicants", CaseIntakeRules.Validate(Application(nine), Organization, Now).ByField.Keys);
        var twoOfTen = Enumerable.Range(1, 10).Select(i => Worker(i, representative: i <= 2)).ToList();
        Assert.Contains("applicants", CaseIntakeRules.Validate(Application(twoOfTen), Organization, Now).ByField.Keys);
        var sixOfTen = Enumerable.Range(1, 10).Select(i => Worker(i, representative: i <= 6)).ToList();
        Assert.Contains("applicants", CaseIntakeRules.Validate(Application(sixOfTen), Organization, Now).ByField.Keys);
        Assert.False(CaseIntakeRules.Register(Application(nine), Guid.NewGuid(), "劳调〔2026〕第0002号", "staff").IsCollective);
    }

    [Fact]
    public void An_organization_registers_only_the_disputes_it_accepts_and_none_while_suspended()
    {
        var organization = new MediationOrganization("某行业调解委员会", OrganizationKind.Industry, "张店区", null);
        Assert.True(organization.Update(organization.Name, organization.Kind, organization.Address, "0533-1234567", null,
            [ClaimCategory.LaborRemuneration, ClaimCategory.EconomicCompensation], suspended: false).IsOk);
        var intake = Application([Worker(1)], new DisputeClaim(ClaimCategory.LaborRemuneration, "工资", 1m, PartySide.Respondent),
            new DisputeClaim(ClaimCategory.ConfirmLaborRelation, "确认劳动关系", null, PartySide.Respondent));
        var errors = CaseIntakeRules.Validate(intake, organization, Now);
        Assert.Equal(["claims[1].category"], errors.ByField.Keys);

        Assert.True(organization.Update(organization.Name, organization.Kind, organization.Address, null, null, [ClaimCategory.Other], suspended: true).IsOk);
        Assert.Contains("organizationId", CaseIntakeRules.Validate(intake, organization, Now).ByField.Keys);
        Assert.Equal("organization-categories", organization.Update(organization.Name, organization.Kind, organization.Address, null, null, [], false).ErrorCode);
        Assert.Equal("organization-phone", organization.Update(organization.Name, organization.Kind, organization.Address, "call me", null, [ClaimCategory.Other], false).ErrorCode);
    }

    [Fact]
    public void Agents_are_filed_for_a_party_with_their_authority_and_follow_a_transfer()
    {
        // Accepted, not yet assigned: the stage at which a case can still be transferred.
        var @case = CaseIntakeRules.Register(Application([Worker(1)]), Guid.NewGuid(), "劳调〔2026〕第0001号", "staff");
        @case.Accept("admin", Now);
        var applicant = @case.Parties[0].Id;
        Assert.Equal("party-not-found", @case.AddAgent(Guid.NewGuid(), "周律师", "13600000008", null, AgentKind.Lawyer, AgentAuthority.Special, "m", Now).ErrorCode);
        Assert.Equal("agent-phone", @case.AddAgent(applicant, "周律师", "0533-1", null, AgentKind.Lawyer, AgentAuthority.Special, "m", Now).ErrorCode);
        Assert.True(@case.AddAgent(applicant, "周律师", "13600000008", null, AgentKind.Lawyer, AgentAuthority.Special, "m", Now).IsOk);
        Assert.True(@case.AddAgent(applicant, "李父", "13600000009", null, AgentKind.CloseRelative, AgentAuthority.General, "m", Now).IsOk);
        Assert.True(@case.Agents[0].MayConcludeAgreement);
        Assert.False(@case.Agents[1].MayConcludeAgreement);
        Assert.True(@case.RemoveAgent(@case.Agents[1].Id, "m", Now).IsOk);
        Assert.Equal(["agent-added", "agent-added", "agent-removed"], @case.AuditEntries.Select(e => e.Action).TakeLast(3));

        var other = Guid.NewGuid();
        Assert.True(@case.TransferOut("admin", Now, other).IsOk);
        var continued = @case.ContinueAt(other, "劳调〔2026〕第0009号", "admin", Now);
        var agent = Assert.Single(continued.Agents);
        Assert.Equal(continued.Parties.Single(p => p.Side == PartySide.Applicant).Id, agent.PartyId);
        Assert.Equal(AgentAuthority.Special, agent.Authority);
    }

    [Fact]
    public void A_party_asks_for_another_mediator_and_the_organization_reassigns_or_dismisses_with_a_reason()
    {
        var @case = Assigned(out var applicant);
        Assert.Equal("reason-required", @case.RequestAnotherMediator(applicant, " ", Now).ErrorCode);
        Assert.True(@case.RequestAnotherMediator(applicant, "调解员与被申请人负责人系亲属", Now).IsOk);
        Assert.Equal("request-pending", @case.RequestAnotherMediator(applicant, "再次申请", Now).ErrorCode);
        Assert.Equal("same-mediator", @case.AssignMediator("admin", Now, "mediator-1").ErrorCode);
        Assert.Equal("reason-required", @case.DismissMediatorChangeRequest("admin", "", Now).ErrorCode);
        Assert.True(@case.AssignMediator("admin", Now, "mediator-2").IsOk);
        Assert.Null(@case.MediatorChangeRequest);

        Assert.True(@case.RequestAnotherMediator(applicant, "仍不放心", Now).IsOk);
        Assert.True(@case.DismissMediatorChangeRequest("admin", "经核实不存在回避事由", Now).IsOk);
        Assert.Null(@case.MediatorChangeRequest);
        Assert.Equal("no-request", @case.DismissMediatorChangeRequest("admin", "x", Now).ErrorCode);

        var applied = CaseIntakeRules.Register(Application([Worker(1)]), Guid.NewGuid(), "劳调〔2026〕第0003号", "staff");
        Assert.Equal("no-mediator", applied.RequestAnotherMediator(applied.Parties[0].Id, "理由", Now).ErrorCode);
    }
}
