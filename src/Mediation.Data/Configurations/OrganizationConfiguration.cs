using Mediation.Domain.Cases;
using Mediation.Domain.Courts;
using Mediation.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Data.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<MediationOrganization>
{
    public void Configure(EntityTypeBuilder<MediationOrganization> builder)
    {
        builder.ToTable("Organizations");
        builder.Property(o => o.Name).HasMaxLength(MediationOrganization.MaxNameLength);
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(o => o.Address).HasMaxLength(400);
        builder.Property(o => o.ContactPhone).HasMaxLength(20);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasIndex(o => o.Name).IsUnique();
        builder.HasOne<Court>().WithMany().HasForeignKey(o => o.DockingCourtId).OnDelete(DeleteBehavior.Restrict);
        // A short list of enum names, one column the same way on both providers.
        builder.Ignore(o => o.AcceptedCategories);
        builder.Property<List<ClaimCategory>>("_acceptedCategories").HasColumnName("AcceptedCategories").HasMaxLength(200)
            .HasConversion(v => string.Join(',', v), v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<ClaimCategory>).ToList())
            .Metadata.SetValueComparer(new ValueComparer<List<ClaimCategory>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, c) => HashCode.Combine(h, c)), v => v.ToList()));
    }
}

internal sealed class CourtConfiguration : IEntityTypeConfiguration<Court>
{
    public void Configure(EntityTypeBuilder<Court> builder)
    {
        builder.ToTable("Courts");
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Code).HasMaxLength(32);
        builder.HasIndex(c => c.Code).IsUnique();
        builder.HasIndex(c => c.Name).IsUnique();
    }
}
