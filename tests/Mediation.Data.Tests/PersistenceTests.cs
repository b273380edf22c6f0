using Mediation.Domain.Audit;
using Mediation.Domain.Cases;
using Mediation.Domain.Courts;
using Mediation.Domain.Invites;
using Mediation.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Data.Tests;

public class PersistenceTests
{
    // PostgreSQL keeps microseconds; a value with whole microseconds round-trips exactly on both providers.
    private static readonly DateTime Received = new(2026, 12, 1, 1, 2, 3, 456, 789, DateTimeKind.Utc);

    private static async Task<Case> SeedCaseAsync(Store store)
    {
        await using var db = store.NewContext();
        var organization = new MediationOrganization("张店区劳动人事争议调解中心", OrganizationKind.TownshipLaborMediation, "人民西路100号", null);
        db.Organizations.Add(organization);
        var @case = new Case(organization.Id, "劳调〔2026〕第0001号", "拖欠工资争议", Received);
        @case.AddParty(PartySide.Applicant, PartyKind.NaturalPerson, "李明", "370303199001011234", "13800000001");
        @case.AddParty(PartySide.Respondent, PartyKind.Organization, "淄博恒信机械制造有限公司", "91370300MA3C000001", "13900000002");
        db.Cases.Add(@case);
        await db.SaveChangesAsync();
        return @case;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_case_and_its_parties_round_trip_with_utc_timestamps(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        var saved = await SeedCaseAsync(store);

        await using var db = store.NewContext();
        var loaded = await db.Cases.Include(c => c.Parties).SingleAsync(c => c.Id == saved.Id);
        Assert.Equal("劳调〔2026〕第0001号", loaded.Number);
        Assert.Equal(DateTimeKind.Utc, loaded.ReceivedAtUtc.Kind);
        Assert.Equal(Received, loaded.ReceivedAtUtc);
        Assert.Equal(["李明", "淄博恒信机械制造有限公司"], loaded.Parties.OrderBy(p => p.Side).Select(p => p.Name));
        Assert.NotEqual(Guid.Empty, loaded.Version);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Courts_accepted_dispute_types_agents_and_a_pending_mediator_request_round_trip(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        var saved = await SeedCaseAsync(store);
        await using (var db = store.NewContext())
        {
            var court = new Court("淄博市张店区人民法院", "370303");
            db.Courts.Add(court);
            var mediator = new StaffUser { UserName = "m@example.org", Email = "m@example.org", DisplayName = "王调解员" };
            db.Users.Add(mediator);
            var organization = await db.Organizations.SingleAsync();
            Assert.Equal(Enum.GetValues<ClaimCategory>(), organization.AcceptedCategories);
            Assert.True(organization.Update(organization.Name, organization.Kind, organization.Address, "0533-2345678", court.Id,
                [ClaimCategory.SocialInsurance, ClaimCategory.LaborRemuneration], suspended: false).IsOk);
            var @case = await db.Cases.Include(c => c.Parties).SingleAsync();
            @case.DelegatedBy(court.Id, "（2026）鲁0303民诉前调7号");
            @case.Accept("admin", Received);
            @case.AssignMediator("admin", Received, mediator.Id);
            var applicant = @case.Parties.Single(p => p.Side == PartySide.Applicant).Id;
            Assert.True(@case.AddAgent(applicant, "周律师", "13600000008", null, AgentKind.Lawyer, AgentAuthority.Special, "admin", Received).IsOk);
            Assert.True(@case.RequestAnotherMediator(applicant, "回避", Received).IsOk);
            await db.SaveChangesAsync();
        }

        await using var read = store.NewContext();
        var loadedOrganization = await read.Organizations.SingleAsync();
        Assert.Equal([ClaimCategory.LaborRemuneration, ClaimCategory.SocialInsurance], loadedOrganization.AcceptedCategories);
        Assert.True(loadedOrganization.Accepts(ClaimCategory.SocialInsurance));
        Assert.False(loadedOrganization.Accepts(ClaimCategory.Damages));
        Assert.Equal("0533-2345678", loadedOrganization.ContactPhone);
        var loaded = await read.Cases.Include(c => c.Agents).SingleAsync(c => c.Id == saved.Id);
        Assert.Equal(AgentAuthority.Special, Assert.Single(loaded.Agents).Authority);
        Assert.Equal("回避", loaded.MediatorChangeRequest?.Reason);
        Assert.Equal(DateTimeKind.Utc, loaded.MediatorChangeRequest!.RequestedAtUtc.Kind);
        Assert.Equal("（2026）鲁0303民诉前调7号", loaded.CourtReference);
        Assert.Equal((await read.Courts.SingleAsync()).Id, loaded.DelegatingCourtId);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_local_time_is_stored_as_utc(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        var @case = await SeedCaseAsync(store);
        var local = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Local);
        await using (var db = store.NewContext())
        {
            var (invite, _) = Invite.Issue(@case.Id, @case.Parties[0].Id, "mediator", local, TimeSpan.FromDays(1));
            db.Invites.Add(invite);
            await db.SaveChangesAsync();
        }

        await using var read = store.NewContext();
        var stored = await read.Invites.SingleAsync();
        Assert.Equal(local.ToUniversalTime(), stored.CreatedAtUtc);
        Assert.Equal(DateTimeKind.Utc, stored.CreatedAtUtc.Kind);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_update_from_a_stale_copy_is_refused(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        var @case = await SeedCaseAsync(store);
        Guid inviteId;
        await using (var db = store.NewContext())
        {
            var (invite, _) = Invite.Issue(@case.Id, @case.Parties[0].Id, "mediator", Received, TimeSpan.FromDays(7));
            db.Invites.Add(invite);
            await db.SaveChangesAsync();
            inviteId = invite.Id;
        }

        // Two devices redeem the same invite at the same moment: one wins, the other's write is refused.
        await using var first = store.NewContext();
        await using var second = store.NewContext();
        var a = await first.Invites.SingleAsync(i => i.Id == inviteId);
        var b = await second.Invites.SingleAsync(i => i.Id == inviteId);
        a.Redeem(Received.AddMinutes(1));
        await first.SaveChangesAsync();
        b.Redeem(Received.AddMinutes(1));
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = store.NewContext();
        Assert.Equal(InviteState.Redeemed, (await check.Invites.SingleAsync()).StateAt(Received.AddMinutes(2)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Claims_status_and_the_audit_chain_persist_and_the_stored_chain_verifies(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        var saved = await SeedCaseAsync(store);
        await using (var db = store.NewContext())
        {
            var mediator = new StaffUser { UserName = "m@demo.local", Email = "m@demo.local", DisplayName = "王调解员" };
            db.Users.Add(mediator);
            var @case = await db.Cases.SingleAsync(c => c.Id == saved.Id);
            Assert.True(@case.AddClaim(new DisputeClaim(ClaimCategory.LaborRemuneration, "拖欠工资", 18600.50m, PartySide.Respondent), "admin", Received).IsOk);
            // A clock's 100 ns ticks: PostgreSQL keeps microseconds, and the chain must still verify after the round trip.
            Assert.True(@case.Accept("admin", Received.AddHours(1).AddTicks(7)).IsOk);
            Assert.True(@case.AssignMediator("admin", Received.AddHours(2), mediator.Id).IsOk);
            Assert.False(@case.RecordAgreement("mediator-1", Received, new DateOnly(2026, 12, 5)).IsOk);
            await db.SaveChangesAsync();
        }

        await using var read = store.NewContext();
        var loaded = await read.Cases.SingleAsync(c => c.Id == saved.Id);
        Assert.Equal(CaseStatus.MediatorAssigned, loaded.Status);
        Assert.Equal(18600.50m, Assert.Single(loaded.Claims).Amount);
        var log = await read.CaseAuditEntries.Where(e => e.CaseId == saved.Id).OrderBy(e => e.Sequence).Select(e => e.ToEntry()).ToListAsync();
        Assert.Equal(["registered", "claim-added", "Accept", "AssignMediator"], log.Select(e => e.Action));
        Assert.True(AuditChain.Verify(log, loaded.AuditHeadHash).IsIntact);
        Assert.Equal(4, loaded.AuditSequence);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Case_numbers_are_unique_within_an_organization(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        var @case = await SeedCaseAsync(store);
        await using var db = store.NewContext();
        db.Cases.Add(new Case(@case.OrganizationId, @case.Number, "另一案件", Received));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}
