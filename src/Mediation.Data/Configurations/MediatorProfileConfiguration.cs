using Mediation.Domain.Organizations;
using Mediation.Domain.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Data.Configurations;

internal sealed class MediatorProfileConfiguration : IEntityTypeConfiguration<MediatorProfile>
{
    public void Configure(EntityTypeBuilder<MediatorProfile> builder)
    {
        builder.ToTable("MediatorProfiles");
        builder.HasKey(m => m.UserId);
        builder.Property(m => m.UserId).HasMaxLength(450);
        builder.Property(m => m.CertificateNumber).HasMaxLength(64);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Version).IsConcurrencyToken();
        // A short list, stored as one column the same way on both providers.
        builder.Property(m => m.Specialties)
            .HasConversion(v => string.Join('\u001f', v), v => v.Length == 0 ? new List<string>() : v.Split('\u001f', StringSplitOptions.None).ToList())
            .Metadata.SetValueComparer(new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)), v => v.ToList()));
        builder.Property(m => m.Specialties).HasMaxLength(400);
        builder.HasIndex(m => m.OrganizationId);
        builder.HasOne<StaffUser>().WithOne().HasForeignKey<MediatorProfile>(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<MediationOrganization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
