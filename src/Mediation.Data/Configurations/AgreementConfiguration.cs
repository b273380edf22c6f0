using Mediation.Domain.Agreements;
using Mediation.Domain.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Data.Configurations;

/// <summary>An agreement and its versions (each with its clauses, slots and signatures) as owned rows; the stored
/// PDFs apart, in <see cref="AgreementFile"/>.</summary>
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
            versions.OwnsMany(v => v.Slots, slots =>
            {
                slots.ToTable("AgreementSignatureSlots");
                slots.Property<int>("Id");
                slots.HasKey("Id");
                slots.Ignore(s => s.Signer);
                slots.Property(s => s.Name).HasMaxLength(40);
                slots.Property(s => s.SignerKind).HasConversion<string>().HasMaxLength(20);
                slots.Property(s => s.SignerId).HasMaxLength(64);
                slots.Property(s => s.SignerName).HasMaxLength(Domain.TextLimits.OrganizationName);
                slots.Property(s => s.Side).HasConversion<string>().HasMaxLength(20);
                slots.Property(s => s.ForPartyName).HasMaxLength(Domain.TextLimits.PartyName);
            });
            versions.Navigation(v => v.Slots).UsePropertyAccessMode(PropertyAccessMode.Field);
            versions.OwnsMany(v => v.Signatures, signatures =>
            {
                signatures.ToTable("AgreementSignatures");
                signatures.Property<int>("Id");
                signatures.HasKey("Id");
                signatures.Ignore(s => s.Signer);
                signatures.Property(s => s.Slot).HasMaxLength(40);
                signatures.Property(s => s.SignerKind).HasConversion<string>().HasMaxLength(20);
                signatures.Property(s => s.SignerId).HasMaxLength(64);
                signatures.Property(s => s.DocumentSha256Before).HasMaxLength(64);
                signatures.Property(s => s.DocumentSha256After).HasMaxLength(64);
            });
            versions.Navigation(v => v.Signatures).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        builder.Navigation(a => a.Versions).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
