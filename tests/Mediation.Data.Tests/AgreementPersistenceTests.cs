using Mediation.Domain.Agreements;
using Mediation.Domain.Cases;
using Mediation.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Data.Tests;

/// <summary>An agreement's versions, clauses, slots and signatures come back as saved, and two signers racing on
/// the same document cannot both be stored.</summary>
public class AgreementPersistenceTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 2, 0, 0, 123, 456, DateTimeKind.Utc);

    private static async Task<(Case Case, Agreement Agreement)> SeedAsync(Store store)
    {
        await using var db = store.NewContext();
        var organization = new MediationOrganization("张店区劳动人事争议调解中心", OrganizationKind.TownshipLaborMediation, "人民西路100号", null);
        db.Organizations.Add(organization);
        var @case = new Case(organization.Id, "劳调〔2026〕第0001号", "拖欠工资争议", Now);
        var applicant = @case.AddParty(PartySide.Applicant, PartyKind.NaturalPerson, "李明", "370303199001011234", "13800000001");
        var respondent = @case.AddParty(PartySide.Respondent, PartyKind.Organization, "淄博恒信机械制造有限公司", "91370300MA3C000001", "13900000002");
        db.Cases.Add(@case);
        var agreement = new Agreement(@case.Id, AgreementKind.Mediation);
        Assert.True(agreement.Draft("双方因拖欠工资发生争议。", [new Clause(ClaimCategory.LaborRemuneration, "支付工资18,600元。", 18600m, PartySide.Respondent, new DateOnly(2026, 12, 31), "银行转账")], Now).IsOk);
        Assert.True(agreement.Freeze(Now, "hash-0", 1, [
            new SignatureSlot("applicant-1", new Signer(SignerKind.Party, applicant.Id.ToString()), "李明", PartySide.Applicant, applicant.Id, "李明"),
            new SignatureSlot("respondent-1", new Signer(SignerKind.Party, respondent.Id.ToString()), "淄博恒信机械制造有限公司", PartySide.Respondent, respondent.Id, "淄博恒信机械制造有限公司"),
        ]).IsOk);
        db.Agreements.Add(agreement);
        await db.SaveChangesAsync();
        return (@case, agreement);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Versions_clauses_slots_and_signatures_round_trip(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        var (@case, saved) = await SeedAsync(store);
        var applicantSlot = saved.Current!.Slots[0];

        await using (var db = store.NewContext())
        {
            var agreement = await db.Agreements.SingleAsync(a => a.CaseId == @case.Id);
            var (outcome, result) = agreement.Sign(1, "applicant-1", applicantSlot.Signer, Now, new DateOnly(2026, 12, 2), "hash-0", "hash-1");
            Assert.True(result.IsOk, result.Message);
            Assert.Equal(SigningOutcome.Signed, outcome);
            await db.SaveChangesAsync();
        }

        await using (var db = store.NewContext())
        {
            var loaded = await db.Agreements.SingleAsync(a => a.CaseId == @case.Id);
            var version = Assert.Single(loaded.Versions);
            Assert.Equal(AgreementKind.Mediation, loaded.Kind);
            Assert.Equal("hash-1", loaded.DocumentSha256);
            Assert.Equal(18600m, Assert.Single(version.Clauses).Amount);
            Assert.Equal(new DateOnly(2026, 12, 31), version.Clauses[0].PerformBy);
            Assert.Equal(["applicant-1", "respondent-1"], version.Slots.Select(s => s.Name).Order());
            Assert.Equal(applicantSlot.Signer, version.Slots.Single(s => s.Name == "applicant-1").Signer);
            var signature = Assert.Single(version.Signatures);
            Assert.Equal(Now, signature.SignedAtUtc);
            Assert.Equal("hash-0", signature.DocumentSha256Before);
            Assert.True(version.IsFrozen);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Two_signers_on_the_same_document_cannot_both_be_stored(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        var (@case, saved) = await SeedAsync(store);
        var slots = saved.Current!.Slots;

        await using var first = store.NewContext();
        await using var second = store.NewContext();
        var a = await first.Agreements.SingleAsync(x => x.CaseId == @case.Id);
        var b = await second.Agreements.SingleAsync(x => x.CaseId == @case.Id);
        Assert.True(a.Sign(1, "applicant-1", slots[0].Signer, Now, new DateOnly(2026, 12, 2), "hash-0", "hash-a").Result.IsOk);
        Assert.True(b.Sign(1, "respondent-1", slots[1].Signer, Now, new DateOnly(2026, 12, 2), "hash-0", "hash-b").Result.IsOk);
        await first.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
    }
}
