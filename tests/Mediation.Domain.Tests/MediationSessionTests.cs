using Mediation.Domain.Cases;
using Mediation.Domain.Sessions;

namespace Mediation.Domain.Tests;

public sealed class MediationSessionTests
{
    private static readonly DateTime T0 = new(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);
    private static readonly SessionPerson Host = SessionPerson.Staff("m");
    private static readonly SessionPerson ApplicantPerson = SessionPerson.Party(Guid.Parse("a0000000-0000-0000-0000-00000000000a"));
    private static readonly SessionPerson RespondentPerson = SessionPerson.Party(Guid.Parse("b0000000-0000-0000-0000-00000000000b"));

    private static (MediationSession Session, SessionAttendee Mediator, SessionAttendee Applicant, SessionAttendee Respondent) Open()
    {
        var session = MediationSession.OpenNow(Guid.NewGuid(), Host.ToString(), T0);
        var mediator = session.Arrive(Host, "王调解", "Mediator", null, null, host: true, T0);
        var applicant = session.Arrive(ApplicantPerson, "李明", "Party", Guid.NewGuid(), PartySide.Applicant, host: false, T0);
        var respondent = session.Arrive(RespondentPerson, "某公司", "Party", Guid.NewGuid(), PartySide.Respondent, host: false, T0);
        return (session, mediator, applicant, respondent);
    }

    [Fact]
    public void The_host_is_in_at_once_and_parties_wait_until_admitted_after_the_identity_check()
    {
        var (_, mediator, applicant, _) = Open();
        Assert.Equal(AttendeeStatus.Admitted, mediator.Status);
        Assert.Equal(AttendeeStatus.Waiting, applicant.Status);
        Assert.Equal("identity-check-required", applicant.Admit(identityConfirmed: false, Host, T0).ErrorCode);
        Assert.True(applicant.Admit(identityConfirmed: true, Host, T0.AddMinutes(1)).IsOk);
        Assert.Equal((AttendeeStatus.Admitted, T0.AddMinutes(1)), (applicant.Status, applicant.IdentityCheckedAtUtc));
        Assert.Equal("not-waiting", applicant.Admit(true, Host, T0).ErrorCode);
    }

    [Fact]
    public void Time_present_counts_from_admission_over_reconnections_and_stops_at_the_end()
    {
        var (session, _, applicant, _) = Open();
        applicant.Admit(true, Host, T0.AddMinutes(5)); // five minutes in the lobby do not count
        applicant.Depart(T0.AddMinutes(15));
        session.Arrive(ApplicantPerson, "李明", "Party", applicant.PartyId, PartySide.Applicant, host: false, T0.AddMinutes(20));
        Assert.Equal(AttendeeStatus.Admitted, applicant.Status); // back without a second admission
        applicant.Seen(T0.AddMinutes(30)); // its server says it is alive
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
        applicant.Admit(true, Host, T0);
        Assert.Equal("not-removable", mediator.Remove(T0).ErrorCode);
        Assert.Equal("not-mutable", mediator.Mute(true).ErrorCode);
        Assert.True(applicant.Mute(true).IsOk);
        Assert.True(applicant.Remove(T0.AddMinutes(10)).IsOk);
        Assert.Equal((AttendeeStatus.Removed, false, 600.0), (applicant.Status, applicant.MutedByMediator, applicant.PresentSeconds));
        applicant.Depart(T0.AddMinutes(11));
        session.Arrive(ApplicantPerson, "李明", "Party", applicant.PartyId, PartySide.Applicant, host: false, T0.AddMinutes(12));
        Assert.Equal(AttendeeStatus.Waiting, applicant.Status);
    }

    [Fact]
    public void Notices_can_be_acknowledged_only_once_read_and_by_an_admitted_party()
    {
        var (session, _, applicant, _) = Open();
        Assert.Equal("no-notices", applicant.AcknowledgeNotices(session.NoticesReadAtUtc, T0).ErrorCode);
        session.ReadNotices(T0);
        Assert.Equal("no-notices", applicant.AcknowledgeNotices(session.NoticesReadAtUtc, T0).ErrorCode); // still waiting
        applicant.Admit(true, Host, T0);
        Assert.True(applicant.AcknowledgeNotices(session.NoticesReadAtUtc, T0.AddMinutes(1)).IsOk);
    }

    [Fact]
    public void A_session_is_scheduled_a_minute_to_a_year_ahead_and_opens_once()
    {
        Assert.Equal("session-time", MediationSession.Schedule(Guid.NewGuid(), T0, Host.ToString(), T0).Result.ErrorCode);
        Assert.Equal("session-time", MediationSession.Schedule(Guid.NewGuid(), T0.AddYears(2), Host.ToString(), T0).Result.ErrorCode);
        var (session, result) = MediationSession.Schedule(Guid.NewGuid(), T0.AddDays(2), Host.ToString(), T0);
        Assert.True(result.IsOk);
        Assert.Equal(SessionStatus.Scheduled, session!.Status);
        session.Open(T0.AddDays(2));
        Assert.Equal((SessionStatus.Open, T0.AddDays(2)), (session.Status, session.OpenedAtUtc));
        session.End(T0.AddDays(2).AddHours(1));
        Assert.Equal("session-ended", session.Open(T0.AddDays(3)).ErrorCode);
    }

    [Fact]
    public void A_presence_its_server_lost_ends_when_last_seen_and_the_outage_is_not_time_present()
    {
        var (session, _, applicant, _) = Open();
        session.Arrive(ApplicantPerson, "李明", "Party", applicant.PartyId, PartySide.Applicant, host: false, T0, "conn-1");
        applicant.Admit(true, Host, T0);
        applicant.Seen(T0.AddMinutes(10));

        // The server holding the connection dies; nothing is said. Within the grace the presence stands…
        session.DepartUnseen(T0.AddMinutes(10) + SessionAttendee.PresenceGrace);
        Assert.True(applicant.Connected);

        // …after it, it ends when last seen, not now.
        session.DepartUnseen(T0.AddMinutes(11));
        Assert.Equal((false, 600.0), (applicant.Connected, applicant.PresentSeconds));

        // The person comes back on the next server: a new stretch from now; ten more minutes make twenty.
        session.Arrive(ApplicantPerson, "李明", "Party", applicant.PartyId, PartySide.Applicant, host: false, T0.AddMinutes(12), "conn-2");
        applicant.Seen(T0.AddMinutes(22));
        Assert.True(session.End(T0.AddMinutes(22)).IsOk);
        Assert.Equal(1200.0, applicant.PresentSeconds);
    }

    [Fact]
    public void A_reconnection_on_another_server_ends_a_dead_presence_at_its_last_sighting_but_a_replacement_keeps_it_going()
    {
        var (session, _, applicant, _) = Open();
        session.Arrive(ApplicantPerson, "李明", "Party", applicant.PartyId, PartySide.Applicant, host: false, T0, "conn-1");
        applicant.Admit(true, Host, T0);

        // A reload a moment later: the same presence goes on, on the new connection.
        session.Arrive(ApplicantPerson, "李明", "Party", applicant.PartyId, PartySide.Applicant, host: false, T0.AddSeconds(5), "conn-2");
        Assert.Equal((true, "conn-2", T0), (applicant.Connected, applicant.ConnectionId, applicant.ConnectedSinceUtc!.Value));

        // The old connection's leaving, reported late by its server, does not end the presence the new one holds.
        applicant.Depart(T0.AddSeconds(6), "conn-1");
        Assert.True(applicant.Connected);

        // Last seen at 5 minutes; its server dies; the person reconnects elsewhere at 7: the 2 minutes between do not count.
        applicant.Seen(T0.AddMinutes(5));
        session.Arrive(ApplicantPerson, "李明", "Party", applicant.PartyId, PartySide.Applicant, host: false, T0.AddMinutes(7), "conn-3");
        Assert.Equal((300.0, T0.AddMinutes(7)), (applicant.PresentSeconds, applicant.ConnectedSinceUtc!.Value));
    }

    [Fact]
    public void A_session_person_reads_back_what_it_writes_and_nothing_else()
    {
        Assert.Equal(ApplicantPerson, SessionPerson.Parse(ApplicantPerson.ToString()));
        Assert.Equal(Host, SessionPerson.Parse("staff:m"));
        Assert.True(Host.IsStaff);
        Assert.False(SessionPerson.TryParse("party:not-a-guid", out _));
        Assert.False(SessionPerson.TryParse("someone", out _));
        Assert.False(SessionPerson.TryParse(null, out _));
    }

    [Fact]
    public void A_shared_document_keeps_the_mediators_place_across_showings_and_is_gone_at_the_end()
    {
        var (session, _, _, _) = Open();
        Assert.Equal("document-not-shared", session.ScrollDocument(0.5).ErrorCode);
        Assert.True(session.ShareDocument().IsOk);
        Assert.Equal("document-scroll-invalid", session.ScrollDocument(double.NaN).ErrorCode);
        Assert.True(session.ScrollDocument(-3).IsOk);
        Assert.Equal(0, session.SharedDocumentScroll);
        Assert.True(session.ScrollDocument(0.6).IsOk);

        // Shown again after an edit: a new revision, the same place; stopped and shown anew: from the top.
        Assert.True(session.ShareDocument().IsOk);
        Assert.Equal((2, 0.6), (session.SharedDocumentRevision, session.SharedDocumentScroll));
        Assert.True(session.StopSharingDocument().IsOk);
        Assert.True(session.ShareDocument().IsOk);
        Assert.Equal((1, 0.0), (session.SharedDocumentRevision, session.SharedDocumentScroll));

        Assert.True(session.End(T0.AddHours(1)).IsOk);
        Assert.Null(session.SharedDocumentRevision);
        Assert.Equal("session-not-open", session.ShareDocument().ErrorCode);
    }
}
