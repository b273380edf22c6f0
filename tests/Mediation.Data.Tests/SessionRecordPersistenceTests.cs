using Mediation.Domain.Agreements;
using Mediation.Domain.Cases;
using Mediation.Domain.Organizations;
using Mediation.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Data.Tests;

/// <summary>A session's record comes back with its slots and signatures, one record a session, and its stored PDF
/// states sit with the agreements' under one table.</summary>
public class SessionRecordPersistenceTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 2, 0, 0, 123, 456, DateTimeKind.Utc);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_record_round_trips_with_its_signatures_and_a_session_has_one(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        SessionRecord record;
        SignatureSlot slot;
        await using (var db = store.NewContext())
        {
            var organization = new MediationOrganization("张店区劳动人事争议调解中心", OrganizationKind.TownshipLaborMediation, "人民西路100号", null);
            db.Organizations.Add(organization);
            var @case = new Case(organization.Id, "劳调〔2026〕第0001号", "拖欠工资争议", Now);
            var applicant = @case.AddParty(PartySide.Applicant, PartyKind.NaturalPerson, "李明", "370303199001011234", "13800000001");
            db.Cases.Add(@case);
            var session = MediationSession.OpenNow(@case.Id, "staff:m", Now);
            Assert.True(session.End(Now.AddMinutes(30)).IsOk);
            db.MediationSessions.Add(session);
            slot = new SignatureSlot("applicant-1", new Signer(SignerKind.Party, applicant.Id.ToString()), "李明", PartySide.Applicant, applicant.Id, "李明");
            record = SessionRecord.Make(session, "hash-0", [slot, new SignatureSlot("mediator", new Signer(SignerKind.Mediator, "m"), "王调解员")], Now).Record!;
            db.SessionRecords.Add(record);
            db.DocumentFiles.Add(new DocumentFile(record.Id, 1, "hash-0", [0x25, 0x50, 0x44, 0x46], Now));
            await db.SaveChangesAsync();
        }

        await using (var db = store.NewContext())
        {
            var loaded = await db.SessionRecords.SingleAsync(r => r.Id == record.Id);
            Assert.True(loaded.Sign("applicant-1", slot.Signer, Now, "hash-0", "hash-1").Result.IsOk);
            await db.SaveChangesAsync();
        }

        await using (var db = store.NewContext())
        {
            var loaded = await db.SessionRecords.AsNoTracking().SingleAsync(r => r.Id == record.Id);
            Assert.Equal(["applicant-1", "mediator"], loaded.Slots.Select(s => s.Name).Order());
            Assert.Equal(slot, loaded.Slots.Single(s => s.Name == "applicant-1"));
            var signature = Assert.Single(loaded.Signatures);
            Assert.Equal((Now, "hash-0", "hash-1"), (signature.SignedAtUtc, signature.DocumentSha256Before, signature.DocumentSha256After));
            Assert.Equal(("hash-0", "hash-1"), (loaded.FrozenSha256, loaded.DocumentSha256));
            Assert.Equal("hash-0", (await db.DocumentFiles.SingleAsync(f => f.DocumentId == record.Id)).Sha256);

            // A second record of the same session is refused by the database.
            var session = await db.MediationSessions.AsNoTracking().SingleAsync(s => s.Id == record.SessionId);
            db.SessionRecords.Add(SessionRecord.Make(session, "hash-9", [slot], Now).Record!);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }
}
