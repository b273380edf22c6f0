using Mediation.Domain.Cases;
using Mediation.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Data.Configurations;

internal sealed class MediationSessionConfiguration : IEntityTypeConfiguration<MediationSession>
{
    public void Configure(EntityTypeBuilder<MediationSession> builder)
    {
        builder.ToTable("MediationSessions");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.CaucusWith).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.CreatedBy).HasMaxLength(200);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne<Case>().WithMany().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.CaseId, s.Status });
        // One open session per case: two hosts opening at once on two nodes meet here, and the second joins the first.
        builder.HasIndex(s => s.CaseId).IsUnique().HasFilter("\"Status\" = 'Open'").HasDatabaseName("IX_MediationSessions_OneOpenPerCase");
        builder.HasMany(s => s.Attendees).WithOne().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Attendees).HasField("_attendees").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class SessionAttendeeConfiguration : IEntityTypeConfiguration<SessionAttendee>
{
    public void Configure(EntityTypeBuilder<SessionAttendee> builder)
    {
        builder.ToTable("SessionAttendees");
        // Ids are made by the domain: an attendee reached through its session's list is then new (INSERT), not changed.
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Person).HasConversion(p => p.ToString(), s => SessionPerson.Parse(s)).HasColumnName("PersonKey").HasMaxLength(80);
        builder.Property(a => a.ConnectionId).HasMaxLength(64);
        builder.Property(a => a.DisplayName).HasMaxLength(200);
        builder.Property(a => a.Role).HasMaxLength(32);
        builder.Property(a => a.AdmittedBy).HasMaxLength(80);
        builder.Property(a => a.Side).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(a => new { a.SessionId, a.Person }).IsUnique();
    }
}
