using Mediation.Domain.Agreements;
using Mediation.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Data.Configurations;

internal sealed class AgreementFileConfiguration : IEntityTypeConfiguration<AgreementFile>
{
    public void Configure(EntityTypeBuilder<AgreementFile> builder)
    {
        builder.ToTable("AgreementFiles");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.HasIndex(f => f.Sha256).IsUnique();
        builder.HasIndex(f => new { f.AgreementId, f.VersionNumber, f.CreatedAtUtc });
        builder.HasOne<Agreement>().WithMany().HasForeignKey(f => f.AgreementId).OnDelete(DeleteBehavior.Cascade);
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
