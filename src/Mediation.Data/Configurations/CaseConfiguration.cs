using Mediation.Domain.Cases;
using Mediation.Domain.Courts;
using Mediation.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Data.Configurations;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.ToTable("Cases");
        builder.Property(c => c.Number).HasMaxLength(64);
        builder.Property(c => c.Subject).HasMaxLength(500);
        builder.Property(c => c.Facts).HasMaxLength(8000);
        builder.Property(c => c.TrackingCodeHash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(c => c.TrackingCodeHash);
        builder.Property(c => c.MediatorUserId).HasMaxLength(450);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.Channel).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.TerminationReason).HasConversion<string>().HasMaxLength(40);
        builder.Property(c => c.Referral).HasConversion<string>().HasMaxLength(40);
        builder.Property(c => c.DeclineReason).HasMaxLength(1000);
        builder.Property(c => c.TerminationNotes).HasMaxLength(4000);
        builder.Property(c => c.AuditHeadHash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(c => new { c.OrganizationId, c.Status });
        // The case list: an organization's cases, newest first, a page at a time.
        builder.HasIndex(c => new { c.OrganizationId, c.ReceivedAtUtc });
        builder.HasIndex(c => new { c.MediatorUserId, c.ReceivedAtUtc });
        builder.OwnsMany(c => c.Claims, claims =>
        {
            claims.ToTable("CaseClaims");
            claims.WithOwner().HasForeignKey("CaseId");
            claims.Property<int>("Id");
            claims.HasKey("Id");
            claims.Property(c => c.Category).HasConversion<string>().HasMaxLength(40);
            claims.Property(c => c.Description).HasMaxLength(2000);
            claims.Property(c => c.Amount).HasPrecision(18, 2);
            claims.Property(c => c.Obligor).HasConversion<string>().HasMaxLength(20);
        });
        builder.Navigation(c => c.Claims).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.AuditEntries).WithOne().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.RecordEntries).WithOne().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(c => c.RecordEntries).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(c => c.AuditEntries).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(c => new { c.OrganizationId, c.Number }).IsUnique();
        builder.HasOne<MediationOrganization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(c => c.MediatorUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Parties).WithOne().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Parties).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.Agents).WithOne().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Agents).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Property(c => c.CourtReference).HasMaxLength(100);
        // A court delegates a dispute once: its reference identifies it (the docking's idempotency key).
        // A court's reference names one delegated dispute; a transfer's continuation (移送) carries it on, so only the
        // case the delegation made is unique by it.
        builder.HasIndex(c => new { c.DelegatingCourtId, c.CourtReference }).IsUnique().HasFilter("\"TransferredFromCaseId\" IS NULL");
        builder.HasOne<Court>().WithMany().HasForeignKey(c => c.DelegatingCourtId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsOne(c => c.MediatorChangeRequest, request =>
        {
            request.Property(r => r.Reason).HasMaxLength(MediatorChangeRequest.MaxReasonLength);
        });
    }
}

internal sealed class CaseAgentConfiguration : IEntityTypeConfiguration<CaseAgent>
{
    public void Configure(EntityTypeBuilder<CaseAgent> builder)
    {
        builder.ToTable("CaseAgents");
        // The domain makes the id; an agent found in a loaded case's collection is therefore new, not modified.
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Name).HasMaxLength(CaseAgent.MaxNameLength);
        builder.Property(a => a.Phone).HasMaxLength(20);
        builder.Property(a => a.IdNumber).HasMaxLength(32);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.Authority).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<CaseParty>().WithMany().HasForeignKey(a => a.PartyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CaseAuditEntryConfiguration : IEntityTypeConfiguration<CaseAuditEntry>
{
    public void Configure(EntityTypeBuilder<CaseAuditEntry> builder)
    {
        builder.ToTable("CaseAuditEntries");
        builder.HasKey(e => new { e.CaseId, e.Sequence });
        builder.Property(e => e.Actor).HasMaxLength(450);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.Hash).HasMaxLength(64).IsFixedLength();
    }
}

internal sealed class RecordEntryConfiguration : IEntityTypeConfiguration<RecordEntry>
{
    public void Configure(EntityTypeBuilder<RecordEntry> builder)
    {
        builder.ToTable("CaseRecordEntries");
        builder.HasKey(e => new { e.CaseId, e.Sequence });
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Text).HasMaxLength(RecordEntry.MaxTextLength);
        builder.Property(e => e.Author).HasMaxLength(450);
        builder.Property(e => e.PrivateTo).HasConversion<string>().HasMaxLength(16);
        // A line the sender sent again (after an outage) is found by its reference and kept once.
        builder.HasIndex(e => new { e.CaseId, e.Reference }).IsUnique();
    }
}

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> builder)
    {
        builder.ToTable("EvidenceFiles");
        builder.Property(e => e.FileName).HasMaxLength(200);
        builder.Property(e => e.ContentType).HasMaxLength(100);
        builder.Property(e => e.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.StoragePath).HasMaxLength(400);
        builder.Property(e => e.UploadedBy).HasMaxLength(450);
        builder.HasIndex(e => e.CaseId);
        builder.HasOne<Case>().WithMany().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CasePartyConfiguration : IEntityTypeConfiguration<CaseParty>
{
    public void Configure(EntityTypeBuilder<CaseParty> builder)
    {
        builder.ToTable("CaseParties");
        builder.Property(p => p.Side).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.IdNumber).HasMaxLength(32);
        builder.Property(p => p.Phone).HasMaxLength(20);
        builder.Property(p => p.Address).HasMaxLength(400);
        builder.Property(p => p.Workplace).HasMaxLength(200);
        builder.Property(p => p.LegalRepresentative).HasMaxLength(100);
        builder.Property(p => p.Gender).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.Ethnicity).HasMaxLength(20);
    }
}
