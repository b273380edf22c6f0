using Mediation.Domain.Courts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Data.Configurations;

internal sealed class CourtDockingKeyConfiguration : IEntityTypeConfiguration<CourtDockingKey>
{
    public void Configure(EntityTypeBuilder<CourtDockingKey> builder)
    {
        builder.ToTable("CourtDockingKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.KeyId).HasMaxLength(64);
        builder.HasIndex(k => k.KeyId).IsUnique();
        builder.Property(k => k.ProtectedSecret).HasMaxLength(1000);
        builder.Property(k => k.CreatedBy).HasMaxLength(64);
        builder.HasOne<Court>().WithMany().HasForeignKey(k => k.CourtId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DockingNonceConfiguration : IEntityTypeConfiguration<DockingNonce>
{
    public void Configure(EntityTypeBuilder<DockingNonce> builder)
    {
        builder.ToTable("DockingNonces");
        // A replay within the window meets the key: the second insert of the same nonce fails.
        builder.HasKey(n => new { n.KeyId, n.Nonce });
        builder.Property(n => n.KeyId).HasMaxLength(64);
        builder.Property(n => n.Nonce).HasMaxLength(64);
        builder.HasIndex(n => n.SeenAtUtc);
    }
}
