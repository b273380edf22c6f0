using Mediation.Domain.Cases;
using Mediation.Domain.Sessions;

namespace Mediation.Domain.Tests;

public sealed class MediationSessionTests
{
    private static readonly DateTime T0 = new(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);

    private static (MediationSession Session, SessionAttendee Mediator, SessionAttendee Applicant, SessionAttendee Respondent) Open()
    {
        var session = MediationSession.OpenNow(Guid.NewGuid(), "staff:m", T0);
        var mediator = session.Arrive("staff:m", "王调解", "Mediator", null, null, host: true, T0);
        var applicant = session.Arrive("party:a", "李明", "Party", Guid.NewGuid(), PartySide.Applicant, host: false, T0);
        var respondent = session.Arrive("party:r", "某公司", "Party", Guid.NewGuid(), PartySide.Respondent, host: false, T0);
        return (session, mediator, applicant, respondent);
    }

    [Fact]
    public void The_host_is_in_at_once_and_parties_wait_until_admitted_after_the_identity_check()
    {
        var (_, mediator, applicant, _) = Open();
        Assert.Equal(AttendeeStatus.Admitted, mediator.Status);
        Assert.Equal(AttendeeStatus.Waiting, applicant.Status);
        Assert.Equal("identity-check-required", applicant.Admit(identityConfirmed: false, "staff:m", T0).ErrorCode);
        Assert.True(applicant.Admit(identityConfirmed: true, "staff:m", T0.AddMinutes(1)).IsOk);
        Assert.Equal((AttendeeStatus.Admitted, T0.AddMinutes(1)), (applicant.Status, applicant.IdentityCheckedAtUtc));
        Assert.Equal("not-waiting", applicant.Admit(true, "staff:m", T0).ErrorCode);
    }

    [Fact]
    public void Time_present_counts_from_admission_over_reconnections_and_stops_at_the_end()
    {
        var (session, _, applicant, _) = Open();
        applicant.Admit(true, "staff:m", T0.AddMinutes(5)); // five minutes in the lobby do not count
        applicant.Depart(T0.AddMinutes(15));
        session.Arrive("party:a", "李明", "Party", applicant.PartyId, PartySide.Applicant, host: false, T0.AddMinutes(20));
        Assert.Equal(AttendeeStatus.Admitted, applicant.Status); // back without a second admission
        Assert.True(session.End(T0.AddMinutes(30)).IsOk);
        Assert.Equal(20 * 60, applicant.PresentSeconds);
        Assert.False(applicant.Connected);
        Assert.Equal("session-not-open", session.End(T0.AddMinutes(31)).ErrorCode);
    }

    [Fact]
    public void In_a_caucus_each_side_sits_in_its_own_room_and_staff_with_the_side_they_chose()
    {
        var (session, mediator, applicant, respondent) = Open();
        Assert.All(new[] { mediator, applicant, respondent }, a => Assert.Equal(SessionSpace.Joint, session.SpaceOf(a)));
        session.StartCaucus(PartySide.Applicant);
        Assert.Equal((SessionSpace.ApplicantCaucus, SessionSpace.ApplicantCaucus, SessionSpace.RespondentCaucus),
            (session.SpaceOf(mediator), session.SpaceOf(applicant), session.SpaceOf(respondent)));
        session.StartCaucus(PartySide.Respondent);
        Assert.Equal((SessionSpace.RespondentCaucus, SessionSpace.ApplicantCaucus), (session.SpaceOf(mediator), session.SpaceOf(applicant)));
        session.EndCaucus();
        Assert.All(new[] { mediator, applicant, respondent }, a => Assert.Equal(SessionSpace.Joint, session.SpaceOf(a)));
    }

    [Fact]
    public void A_removed_party_is_out_until_admitted_again_and_the_host_cannot_be_removed_or_muted()
    {
        var (session, mediator, applicant, _) = Open();
        applicant.Admit(true, "staff:m", T0);
        Assert.Equal("not-removable", mediator.Remove(T0).ErrorCode);
        Assert.Equal("not-mutable", mediator.Mute(true).ErrorCode);
        Assert.True(applicant.Mute(true).IsOk);
        Assert.True(applicant.Remove(T0.AddMinutes(10)).IsOk);
        Assert.Equal((AttendeeStatus.Removed, false, 600.0), (applicant.Status, applicant.MutedByMediator, applicant.PresentSeconds));
        applicant.Depart(T0.AddMinutes(11));
        session.Arrive("party:a", "李明", "Party", applicant.PartyId, PartySide.Applicant, host: false, T0.AddMinutes(12));
        Assert.Equal(AttendeeStatus.Waiting, applicant.Status);
    }

    [Fact]
    public void Notices_can_be_acknowledged_only_once_read_and_by_an_admitted_party()
    {
        var (session, _, applicant, _) = Open();
        Assert.Equal("no-notices", applicant.AcknowledgeNotices(session.NoticesReadAtUtc, T0).ErrorCode);
        session.ReadNotices(T0);
        Assert.Equal("no-notices", applicant.AcknowledgeNotices(session.NoticesReadAtUtc, T0).ErrorCode); // still waiting
        applicant.Admit(true, "staff:m", T0);
        Assert.True(applicant.AcknowledgeNotices(session.NoticesReadAtUtc, T0.AddMinutes(1)).IsOk);
    }

    [Fact]
    public void A_session_is_scheduled_a_minute_to_a_year_ahead_and_opens_once()
    {
        Assert.Equal("session-time", MediationSession.Schedule(Guid.NewGuid(), T0, "staff:m", T0).Result.ErrorCode);
        Assert.Equal("session-time", MediationSession.Schedule(Guid.NewGuid(), T0.AddYears(2), "staff:m", T0).Result.ErrorCode);
        var (session, result) = MediationSession.Schedule(Guid.NewGuid(), T0.AddDays(2), "staff:m", T0);
        Assert.True(result.IsOk);
        Assert.Equal(SessionStatus.Scheduled, session!.Status);
        session.Open(T0.AddDays(2));
        Assert.Equal((SessionStatus.Open, T0.AddDays(2)), (session.Status, session.OpenedAtUtc));
        session.End(T0.AddDays(2).AddHours(1));
        Assert.Equal("session-ended", session.Open(T0.AddDays(3)).ErrorCode);
    }
}
