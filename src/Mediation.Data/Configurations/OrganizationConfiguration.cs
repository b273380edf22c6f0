using Mediation.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Data.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<MediationOrganization>
{
    public void Configure(EntityTypeBuilder<MediationOrganization> builder)
    {
        builder.ToTable("Organizations");
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(o => o.Address).HasMaxLength(400);
        builder.Property(o => o.DockingCourt).HasMaxLength(200);
        builder.HasIndex(o => o.Name).IsUnique();
    }
}
