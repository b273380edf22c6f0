using Mediation.Domain.Agreements;
using Mediation.Domain.Cases;
using Mediation.Domain.Organizations;
using Mediation.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Data.Configurations;

/// <summary>A session's 调解笔录 as a signed document: its slots and signatures as owned rows, one record a session.</summary>
internal sealed class SessionRecordConfiguration : IEntityTypeConfiguration<SessionRecord>
{
    public void Configure(EntityTypeBuilder<SessionRecord> builder)
    {
        builder.ToTable("SessionRecords");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Property(r => r.FrozenSha256).HasMaxLength(64);
        builder.Property(r => r.DocumentSha256).HasMaxLength(64);
        // Two pages asking at the session's end for a record not yet made meet here; the second reads the first's.
        builder.HasIndex(r => r.SessionId).IsUnique();
        builder.HasIndex(r => r.CaseId);
        builder.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MediationSession>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsMany(r => r.Slots, slots => SignatureMapping.Slots(slots, "SessionRecordSignatureSlots"));
        builder.Navigation(r => r.Slots).HasField("_slots").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.OwnsMany(r => r.Signatures, signatures => SignatureMapping.Signatures(signatures, "SessionRecordSignatures"));
        builder.Navigation(r => r.Signatures).HasField("_signatures").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

/// <summary>How every signed document keeps its slots and signatures.</summary>
internal static class SignatureMapping
{
    public static void Slots<TOwner>(OwnedNavigationBuilder<TOwner, SignatureSlot> slots, string table)
        where TOwner : class
    {
        slots.ToTable(table);
        slots.Property<int>("Id");
        slots.HasKey("Id");
        slots.Ignore(s => s.Signer);
        slots.Property(s => s.Name).HasMaxLength(40);
        slots.Property(s => s.SignerKind).HasConversion<string>().HasMaxLength(20);
        slots.Property(s => s.SignerId).HasMaxLength(64);
        slots.Property(s => s.SignerName).HasMaxLength(Domain.TextLimits.OrganizationName);
        slots.Property(s => s.Side).HasConversion<string>().HasMaxLength(20);
        slots.Property(s => s.ForPartyName).HasMaxLength(Domain.TextLimits.PartyName);
    }

    public static void Signatures<TOwner>(OwnedNavigationBuilder<TOwner, GivenSignature> signatures, string table)
        where TOwner : class
    {
        signatures.ToTable(table);
        signatures.Property<int>("Id");
        signatures.HasKey("Id");
        signatures.Ignore(s => s.Signer);
        signatures.Property(s => s.Slot).HasMaxLength(40);
        signatures.Property(s => s.SignerKind).HasConversion<string>().HasMaxLength(20);
        signatures.Property(s => s.SignerId).HasMaxLength(64);
        signatures.Property(s => s.DocumentSha256Before).HasMaxLength(64);
        signatures.Property(s => s.DocumentSha256After).HasMaxLength(64);
    }
}

/// <summary>The stored states of signed documents. No foreign key: a document is an agreement or a session's record,
/// and neither is ever deleted.</summary>
internal sealed class DocumentFileConfiguration : IEntityTypeConfiguration<DocumentFile>
{
    public void Configure(EntityTypeBuilder<DocumentFile> builder)
    {
        builder.ToTable("DocumentFiles");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.HasIndex(f => f.Sha256).IsUnique();
        builder.HasIndex(f => new { f.DocumentId, f.VersionNumber, f.CreatedAtUtc });
    }
}

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> builder)
    {
        builder.ToTable("SigningKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Kind).HasConversion<string>().HasMaxLength(10);
        builder.HasIndex(k => new { k.Kind, k.OrganizationId, k.RetiredAtUtc });
        // One key in use per purpose: two nodes making the first root (or an organization's first seal) at the same
        // moment meet here, and the second reads the first's.
        builder.HasIndex(k => k.Kind).IsUnique().HasFilter("\"RetiredAtUtc\" IS NULL AND \"Kind\" = 'Root'").HasDatabaseName("IX_SigningKeys_OneActiveRoot");
        builder.HasIndex(k => k.OrganizationId).IsUnique().HasFilter("\"RetiredAtUtc\" IS NULL AND \"OrganizationId\" IS NOT NULL")
            .HasDatabaseName("IX_SigningKeys_OneActiveSeal");
        builder.HasOne<MediationOrganization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AgreementWordingVersionConfiguration : IEntityTypeConfiguration<AgreementWordingVersion>
{
    public void Configure(EntityTypeBuilder<AgreementWordingVersion> builder)
    {
        builder.ToTable("AgreementWordings");
        builder.HasKey(w => w.Id);
        // Two admins saving at once: the second gets the same next version and is refused by the index.
        builder.HasIndex(w => new { w.OrganizationId, w.Version }).IsUnique();
        foreach (var paragraph in new[] { nameof(AgreementWordingVersion.Recital), nameof(AgreementWordingVersion.Effect), nameof(AgreementWordingVersion.Remedies),
            nameof(AgreementWordingVersion.Copies) })
        {
            builder.Property(paragraph).HasMaxLength(2000);
        }

        builder.Property(w => w.CreatedBy).HasMaxLength(64);
        builder.HasOne<MediationOrganization>().WithMany().HasForeignKey(w => w.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
