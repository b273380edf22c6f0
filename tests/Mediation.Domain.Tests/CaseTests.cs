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
