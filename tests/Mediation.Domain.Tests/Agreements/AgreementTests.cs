using Mediation.Domain.Agreements;
using Mediation.Domain.Cases;

namespace Mediation.Domain.Tests.Agreements;

/// <summary>Who signs, versions and their signatures, and the agreement taking effect on the last party's signature.</summary>
public class AgreementTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 12, 2);
    private static readonly (Guid, string) Organization = (Guid.NewGuid(), "张店区劳动人事争议调解中心");

    private static readonly Clause Wages = new(ClaimCategory.LaborRemuneration, "被申请人于2026年12月31日前支付申请人工资12,000元。", 12000m, PartySide.Respondent, new DateOnly(2026, 12, 31), "银行转账");

    private static Case Case(int workers = 1, int representatives = 0)
    {
        var applicants = Enumerable.Range(1, workers)
            .Select(i => new PartyIntake(PartyKind.NaturalPerson, $"工人{i}", null, $"1380000{i:D4}", IsRepresentative: i <= representatives)).ToList();
        var @case = CaseIntakeRules.Register(new CaseIntake(IntakeChannel.Staff, "拖欠工资争议", "2026年8月起未发工资。", Now.AddDays(-3), applicants,
            [new PartyIntake(PartyKind.Organization, "淄博恒信机械制造有限公司", null, "13900000002")],
            [new DisputeClaim(ClaimCategory.LaborRemuneration, "支付拖欠工资", 12000m, PartySide.Respondent)]), Guid.NewGuid(), "劳调〔2026〕第0001号", "staff");
        @case.Accept("admin", Now);
        @case.AssignMediator("admin", Now, "mediator-1");
        return @case;
    }

    private static IReadOnlyList<SignatureSlot> Slots(Case @case, IReadOnlyDictionary<Guid, Guid>? agents = null)
    {
        var (slots, result) = AgreementSigners.For(@case, AgreementKind.Mediation, ("mediator-1", "王调解员"), Organization, agents ?? new Dictionary<Guid, Guid>());
        Assert.True(result.IsOk, result.Message);
        return slots;
    }

    private static Agreement Frozen(IReadOnlyList<SignatureSlot> slots, Case @case)
    {
        var agreement = new Agreement(@case.Id, AgreementKind.Mediation);
        Assert.True(agreement.Draft("双方因拖欠工资发生争议。", [Wages], Now).IsOk);
        Assert.True(agreement.Freeze(Now, "hash-0", 1, slots).IsOk);
        return agreement;
    }

    /// <summary>Signs every slot in order, each on the hash the previous one left.</summary>
    private static List<SigningOutcome> SignAll(Agreement agreement, IEnumerable<SignatureSlot> slots)
    {
        var outcomes = new List<SigningOutcome>();
        foreach (var slot in slots)
        {
            var version = agreement.Current!;
            var (outcome, result) = agreement.Sign(version.Number, slot.Name, slot.Signer, Now, Today, agreement.DocumentSha256!, $"hash-after-{slot.Name}");
            Assert.True(result.IsOk, result.Message);
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    [Fact]
    public void Both_parties_then_the_mediator_then_the_seal_sign_and_the_agreement_takes_effect_on_the_last_party_signature()
    {
        var @case = Case();
        var slots = Slots(@case);
        Assert.Equal(["applicant-1", "respondent-1", "mediator", "seal"], slots.Select(s => s.Name));

        var agreement = Frozen(slots, @case);
        var first = SignAll(agreement, slots.Take(1));
        Assert.Equal([SigningOutcome.Signed], first);
        Assert.Null(agreement.EffectiveOn);

        var rest = SignAll(agreement, slots.Skip(1));
        Assert.Equal([SigningOutcome.TookEffect, SigningOutcome.Signed, SigningOutcome.Signed], rest);
        Assert.Equal(Today, agreement.EffectiveOn);
        Assert.Equal("hash-after-seal", agreement.DocumentSha256);
    }

    [Fact]
    public void Signing_twice_is_idempotent_and_another_signers_slot_is_refused()
    {
        var @case = Case();
        var slots = Slots(@case);
        var agreement = Frozen(slots, @case);
        SignAll(agreement, slots.Take(1));

        var again = agreement.Sign(1, "applicant-1", slots[0].Signer, Now, Today, "hash-after-applicant-1", "other");
        var foreign = agreement.Sign(1, "respondent-1", slots[0].Signer, Now, Today, "hash-after-applicant-1", "other");

        Assert.Equal(SigningOutcome.AlreadySigned, again.Outcome);
        Assert.Single(agreement.Current!.Signatures);
        Assert.Equal("signature-slot-not-yours", foreign.Result.ErrorCode);
    }

    [Fact]
    public void A_change_after_freezing_makes_a_new_version_and_the_old_ones_signatures_no_longer_count()
    {
        var @case = Case();
        var slots = Slots(@case);
        var agreement = Frozen(slots, @case);
        SignAll(agreement, slots.Take(1));

        Assert.True(agreement.Draft("双方因拖欠工资发生争议。", [Wages with { Amount = 11000m, Text = "被申请人支付申请人工资11,000元。" }], Now.AddMinutes(5)).IsOk);
        var stale = agreement.Sign(1, "respondent-1", slots[1].Signer, Now, Today, "hash-after-applicant-1", "x");
        Assert.Equal("agreement-version-superseded", stale.Result.ErrorCode);
        Assert.True(agreement.Versions[0].IsSuperseded);

        Assert.True(agreement.Freeze(Now.AddMinutes(6), "hash-v2", 1, slots).IsOk);
        Assert.Equal(2, agreement.Current!.Number);
        Assert.Empty(agreement.Current.Signatures);
        Assert.Equal([SigningOutcome.Signed, SigningOutcome.TookEffect], SignAll(agreement, slots.Take(2)));
    }

    [Fact]
    public void The_seal_comes_last_and_a_signature_on_bytes_someone_else_already_changed_is_refused()
    {
        var @case = Case();
        var slots = Slots(@case);
        var agreement = Frozen(slots, @case);

        var early = agreement.Sign(1, "seal", slots[3].Signer, Now, Today, "hash-0", "x");
        Assert.Equal("seal-before-signatures", early.Result.ErrorCode);

        SignAll(agreement, slots.Take(1));
        var raced = agreement.Sign(1, "respondent-1", slots[1].Signer, Now, Today, "hash-0", "x");
        Assert.Equal("agreement-document-changed", raced.Result.ErrorCode);
        Assert.Single(agreement.Current!.Signatures);
    }

    [Fact]
    public void Only_an_agent_with_special_authority_signs_for_a_party()
    {
        var @case = Case();
        var worker = @case.Parties.First(p => p.Side == PartySide.Applicant);
        Assert.True(@case.AddAgent(worker.Id, "赵律师", "13700000001", null, AgentKind.Lawyer, AgentAuthority.General, "admin", Now).IsOk);
        Assert.True(@case.AddAgent(worker.Id, "钱律师", "13700000002", null, AgentKind.Lawyer, AgentAuthority.Special, "admin", Now).IsOk);
        var general = @case.Agents.First(a => a.Name == "赵律师");
        var special = @case.Agents.First(a => a.Name == "钱律师");

        var (_, refused) = AgreementSigners.For(@case, AgreementKind.Mediation, ("mediator-1", "王调解员"), Organization, new Dictionary<Guid, Guid> { [worker.Id] = general.Id });
        var slots = Slots(@case, new Dictionary<Guid, Guid> { [worker.Id] = special.Id });

        Assert.Equal("agent-lacks-special-authority", refused.ErrorCode);
        Assert.Equal(new Signer(SignerKind.Agent, special.Id.ToString()), slots[0].Signer);
        Assert.Equal(worker.Name, slots[0].ForPartyName);
    }

    [Fact]
    public void A_collective_disputes_workers_sign_by_their_representatives_and_a_settlement_has_no_mediator_or_seal()
    {
        var collective = Case(workers: 10, representatives: 3);
        var slots = Slots(collective);
        Assert.Equal(["applicant-1", "applicant-2", "applicant-3", "respondent-1", "mediator", "seal"], slots.Select(s => s.Name));

        var (settlement, result) = AgreementSigners.For(Case(), AgreementKind.Settlement, null, Organization, new Dictionary<Guid, Guid>());
        Assert.True(result.IsOk);
        Assert.Equal(["applicant-1", "respondent-1"], settlement.Select(s => s.Name));
    }

    [Fact]
    public void A_draft_is_refused_without_clauses_with_a_payment_nobody_owes_and_once_in_effect()
    {
        var @case = Case();
        var agreement = new Agreement(@case.Id, AgreementKind.Mediation);

        Assert.Equal("agreement-clauses", agreement.Draft("事实。", [], Now).ErrorCode);
        Assert.Equal("clause-obligor-required", agreement.Draft("事实。", [Wages with { Obligor = null }], Now).ErrorCode);

        var slots = Slots(@case);
        var frozen = Frozen(slots, @case);
        SignAll(frozen, slots);
        Assert.Equal("agreement-in-effect", frozen.Draft("事实。", [Wages], Now).ErrorCode);
    }
}
