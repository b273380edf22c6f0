using Mediation.Domain.Cases;
using Mediation.Domain.Invites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Data.Configurations;

internal sealed class InviteConfiguration : IEntityTypeConfiguration<Invite>
{
    public void Configure(EntityTypeBuilder<Invite> builder)
    {
        builder.ToTable("Invites");
        builder.Property(i => i.TokenHash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.Property(i => i.CreatedByUserId).HasMaxLength(450);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => i.CaseId);
        builder.HasOne<Case>().WithMany().HasForeignKey(i => i.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CaseParty>().WithMany().HasForeignKey(i => i.PartyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OneTimeCodeConfiguration : IEntityTypeConfiguration<OneTimeCode>
{
    public void Configure(EntityTypeBuilder<OneTimeCode> builder)
    {
        builder.ToTable("OneTimeCodes");
        builder.Property(c => c.Phone).HasMaxLength(20);
        builder.Property(c => c.RequestedFromIp).HasMaxLength(64);
        builder.Property(c => c.Salt).HasMaxLength(16);
        builder.Property(c => c.CodeHash).HasMaxLength(32);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.AttemptsLeft);
        // The per-phone rate limit counts recent codes by phone.
        builder.HasIndex(c => new { c.Phone, c.CreatedAtUtc });
        builder.HasIndex(c => new { c.InviteId, c.CreatedAtUtc });
        builder.HasIndex(c => new { c.OrganizationId, c.Phone, c.CreatedAtUtc });
        builder.HasOne<Domain.Organizations.MediationOrganization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Invite>().WithMany().HasForeignKey(c => c.InviteId).OnDelete(DeleteBehavior.Cascade);
        // A signing code names its document (an agreement or a session's record), which is never deleted: no key.
        builder.HasIndex(c => new { c.DocumentId, c.Phone, c.CreatedAtUtc });
    }
}

internal sealed class PartySessionConfiguration : IEntityTypeConfiguration<PartySession>
{
    public void Configure(EntityTypeBuilder<PartySession> builder)
    {
        builder.ToTable("PartySessions");
        builder.HasIndex(s => s.InviteId);
        builder.HasOne<Invite>().WithMany().HasForeignKey(s => s.InviteId).OnDelete(DeleteBehavior.Cascade);
    }
}
