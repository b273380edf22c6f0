using Mediation.Domain.Agreements;
using Mediation.Domain.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Data.Configurations;

/// <summary>An agreement and its versions (each with its clauses, slots and signatures) as owned rows; the stored
/// PDFs apart, in <see cref="DocumentFile"/>.</summary>
internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> builder)
    {
        builder.ToTable("Agreements");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.DocumentSha256).HasMaxLength(64);
        // One agreement a case: a changed agreement is a new version of it.
        builder.HasIndex(a => a.CaseId).IsUnique();
        builder.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsMany(a => a.Versions, versions =>
        {
            versions.ToTable("AgreementVersions");
            versions.WithOwner().HasForeignKey("AgreementId");
            versions.Property<int>("Id");
            versions.HasKey("Id");
            versions.Property(v => v.Facts).HasMaxLength(Domain.TextLimits.CaseFacts);
            versions.Property(v => v.FrozenSha256).HasMaxLength(64);
            versions.OwnsMany(v => v.Clauses, clauses =>
            {
                clauses.ToTable("AgreementClauses");
                clauses.Property<int>("Id");
                clauses.HasKey("Id");
                clauses.Property(c => c.Category).HasConversion<string>().HasMaxLength(40);
                clauses.Property(c => c.Text).HasMaxLength(Domain.TextLimits.ClaimDescription);
                clauses.Property(c => c.Amount).HasPrecision(18, 2);
                clauses.Property(c => c.Obligor).HasConversion<string>().HasMaxLength(20);
                clauses.Property(c => c.Method).HasMaxLength(Clause.MaxMethodLength);
            });
            versions.Navigation(v => v.Clauses).UsePropertyAccessMode(PropertyAccessMode.Field);
            versions.OwnsMany(v => v.Slots, slots => SignatureMapping.Slots(slots, "AgreementSignatureSlots"));
            versions.Navigation(v => v.Slots).UsePropertyAccessMode(PropertyAccessMode.Field);
            versions.OwnsMany(v => v.Signatures, signatures => SignatureMapping.Signatures(signatures, "AgreementSignatures"));
            versions.Navigation(v => v.Signatures).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        builder.Navigation(a => a.Versions).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
