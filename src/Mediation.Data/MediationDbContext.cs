using Mediation.Domain;
using Mediation.Domain.Access;
using Mediation.Domain.Agreements;
using Mediation.Domain.Cases;
using Mediation.Domain.Courts;
using Mediation.Domain.Invites;
using Mediation.Domain.Organizations;
using Mediation.Domain.Roster;
using Mediation.Domain.Sessions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Data;

/// <summary>
/// The one EF Core model. Each database provider has a thin subclass (<see cref="SqliteMediationDbContext"/>,
/// <see cref="PostgresMediationDbContext"/>) that owns its migration set; everything else asks for this type.
/// </summary>
public abstract class MediationDbContext(DbContextOptions options) : IdentityDbContext<StaffUser>(options), IDataProtectionKeyContext
{
    /// <summary>Cookie and token keys live in the database so every server node reads the same ring.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<MediationOrganization> Organizations => Set<MediationOrganization>();
    public DbSet<Court> Courts => Set<Court>();
    public DbSet<CourtDockingKey> CourtDockingKeys => Set<CourtDockingKey>();
    public DbSet<DockingNonce> DockingNonces => Set<DockingNonce>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<CaseParty> CaseParties => Set<CaseParty>();
    public DbSet<CaseAgent> CaseAgents => Set<CaseAgent>();
    public DbSet<CaseAuditEntry> CaseAuditEntries => Set<CaseAuditEntry>();
    public DbSet<RecordEntry> CaseRecordEntries => Set<RecordEntry>();
    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();
    public DbSet<MediatorProfile> MediatorProfiles => Set<MediatorProfile>();
    public DbSet<Invite> Invites => Set<Invite>();
    public DbSet<OneTimeCode> OneTimeCodes => Set<OneTimeCode>();
    public DbSet<PartySession> PartySessions => Set<PartySession>();
    public DbSet<MediationSession> MediationSessions => Set<MediationSession>();
    public DbSet<SessionAttendee> SessionAttendees => Set<SessionAttendee>();
    public DbSet<SignInFailures> SignInFailures => Set<SignInFailures>();
    public DbSet<Agreement> Agreements => Set<Agreement>();
    public DbSet<DocumentFile> DocumentFiles => Set<DocumentFile>();
    public DbSet<SessionRecord> SessionRecords => Set<SessionRecord>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<AgreementWordingVersion> AgreementWordings => Set<AgreementWordingVersion>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MediationDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC, whatever the provider hands back (SQLite returns Kind=Unspecified).
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Optimistic concurrency that works the same on SQLite and PostgreSQL: each write of a versioned
    /// aggregate replaces its token, and EF adds the old token to the UPDATE's WHERE clause.</summary>
    private void StampVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                entry.Entity.Version = Guid.NewGuid();
            }
        }
    }
}

public sealed class SqliteMediationDbContext(DbContextOptions<SqliteMediationDbContext> options) : MediationDbContext(options);

public sealed class PostgresMediationDbContext(DbContextOptions<PostgresMediationDbContext> options) : MediationDbContext(options);
