using Mediation.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Data.Configurations;

internal sealed class SignInFailuresConfiguration : IEntityTypeConfiguration<SignInFailures>
{
    public void Configure(EntityTypeBuilder<SignInFailures> builder)
    {
        builder.ToTable("SignInFailures");
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Account).HasMaxLength(256);
        builder.Property(f => f.Address).HasMaxLength(64);
        builder.HasIndex(f => new { f.Account, f.Address }).IsUnique();
    }
}
