using Mediation.Domain.Cases;

namespace Mediation.Domain.Tests;

public class CaseTests
{
    [Fact]
    public void A_party_needs_a_mainland_mobile_number_for_its_codes()
    {
        var @case = new Case(Guid.NewGuid(), "劳调〔2026〕第0001号", "拖欠工资", DateTime.UtcNow);
        Assert.Throws<ArgumentException>(() => @case.AddParty(PartySide.Applicant, PartyKind.NaturalPerson, "李明", null, "0533-1234567"));
        var party = @case.AddParty(PartySide.Applicant, PartyKind.NaturalPerson, " 李明 ", null, "13800000001");
        Assert.Equal("李明", party.Name);
        Assert.Equal(@case.Id, party.CaseId);
        Assert.Single(@case.Parties);
    }
}

public class CaseTransferTests
{
    [Fact]
    public void Only_a_case_transferred_to_an_organization_continues_there()
    {
        var from = Guid.NewGuid();
        var to = Guid.NewGuid();
        var @case = new Case(from, "劳调〔2026〕第0001号", "欠薪", DateTime.UtcNow);
        @case.AddParty(PartySide.Applicant, PartyKind.NaturalPerson, "冯军", null, "13200000051");
        Assert.Throws<InvalidOperationException>(() => @case.ContinueAt(to, "劳调〔2026〕第0001号", "admin", DateTime.UtcNow));
        Assert.Equal("transfer-same-organization", @case.TransferOut("admin", DateTime.UtcNow, from).ErrorCode);
        Assert.True(@case.TransferOut("admin", DateTime.UtcNow, to).IsOk);
        var next = @case.ContinueAt(to, "劳调〔2026〕第0001号", "admin", DateTime.UtcNow);
        Assert.Equal(CaseStatus.Applied, next.Status);
        Assert.Equal(IntakeChannel.Transfer, next.Channel);
        Assert.Equal(@case.Id, next.TransferredFromCaseId);
        Assert.Single(next.Parties);
        Assert.Throws<InvalidOperationException>(() => @case.ContinueAt(Guid.NewGuid(), "x〔2026〕第0001号", "admin", DateTime.UtcNow));
    }
}
