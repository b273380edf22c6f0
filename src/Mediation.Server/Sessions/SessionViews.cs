using Mediation.Domain.Sessions;

namespace Mediation.Server.Sessions;

/// <summary>One person of the session as a page sees them. <see cref="Id"/> is also the stream id their tracks carry.
/// <see cref="Identity"/>: the particulars on record a host compares with the face on camera (hosts only).</summary>
public sealed record AttendeeView(string Id, string DisplayName, string Role, string? Side, string Status, bool Connected, string Space,
    bool HandRaised, bool MutedByMediator, bool IdentityChecked, bool NoticesAcknowledged, double PresentSeconds, bool MicOn, bool CameraOn,
    IdentityOnRecord? Identity);

/// <summary>What the case file says of a party, for the identity check (在线调解规则 art. 17: 证件证照在线比对): the identity
/// number masked (the mediator reads it aloud against the card held up to the camera, not into a screenshot).</summary>
public sealed record IdentityOnRecord(string Name, string Kind, string? IdNumberMasked, string? Gender, DateOnly? BirthDate, string? Ethnicity, string? LegalRepresentative);

/// <summary>
/// The room as one connection may see it: the session's state, the caller's own place in it, and the people it may
/// know of — the host sees the lobby too; a party sees those admitted. Sent by the server, never assembled by pages.
/// </summary>
public sealed record RoomView(string? SessionId, string SessionStatus, string? CaucusWith, bool IsHost, AttendeeView? You, string YourSpace,
    bool NoticesPending, IReadOnlyList<string> Notices, IReadOnlyList<AttendeeView> Attendees, DateTime? OpenedAtUtc, DateTime? ScheduledStartUtc,
    SharedDocumentView? SharedDocument = null)
{
    /// <summary>Who speaks now in the caller's room (their attendee id): a page that comes in highlights them at once,
    /// then follows <see cref="ISessionClient.ActiveSpeaker"/>.</summary>
    public string? ActiveSpeaker { get; init; }
}

/// <summary>The agreement shown in the caller's room: fetch it again when <see cref="Revision"/> changes, and read it
/// where the mediator is (<see cref="Scroll"/>, 0 top to 1 end).</summary>
public sealed record SharedDocumentView(int Revision, double Scroll);

/// <summary>A chat line as delivered to the pages in one space. <see cref="Id"/> is the sender's own id for the line: a
/// line delivered twice (sent again after a failure) is shown once.</summary>
public sealed record ChatMessage(string Id, string FromId, string FromName, string Text, string Space, DateTime AtUtc);

public static class SessionViews
{
    public static AttendeeView View(MediationSession session, SessionAttendee a, DateTime nowUtc, IdentityOnRecord? identity = null) => new(
        a.Id.ToString("N"), a.DisplayName, a.Role, a.Side?.ToString(), a.Status.ToString(), a.Connected, session.SpaceOf(a).ToString(),
        a.HandRaised, a.MutedByMediator, a.IdentityCheckedAtUtc is not null, NoticesAcknowledged(session, a), a.PresentSecondsAt(nowUtc),
        a.MicOn && !a.MutedByMediator, a.CameraOn, identity);

    /// <summary>The shared document reaches whoever is admitted in the mediator's room, and no one else (背对背: the side
    /// waiting alone does not read along).</summary>
    private static SharedDocumentView? SharedWith(MediationSession session, SessionAttendee you) =>
        session.SharedDocumentRevision is { } revision && you.Status == AttendeeStatus.Admitted && session.SpaceOf(you) == session.StaffSpace
            ? new SharedDocumentView(revision, session.SharedDocumentScroll)
            : null;

    private static bool NoticesAcknowledged(MediationSession session, SessionAttendee a) =>
        a.NoticesAcknowledgedAtUtc is { } at && session.NoticesReadAtUtc is { } read && at >= read;

    /// <summary>No session is open; <paramref name="scheduledStartUtc"/>: when the next one is set for (the lobby counts down to it).</summary>
    public static RoomView NotOpen(bool isHost, DateTime? scheduledStartUtc) =>
        new(null, "NotOpen", null, isHost, null, SessionSpace.Joint.ToString(), false, SessionWording.Notices, [], null, scheduledStartUtc);

    /// <summary>The room as <paramref name="you"/> may see it; <paramref name="identities"/> (parties' particulars by party
    /// id) go to a host only.</summary>
    public static RoomView For(MediationSession session, SessionAttendee you, DateTime nowUtc, IReadOnlyDictionary<Guid, IdentityOnRecord>? identities = null)
    {
        var visible = session.Attendees.Where(a => you.IsHost || a.Status == AttendeeStatus.Admitted || a.Id == you.Id);
        IdentityOnRecord? IdentityOf(SessionAttendee a) => you.IsHost && a.PartyId is { } party ? identities?.GetValueOrDefault(party) : null;
        return new RoomView(session.Id.ToString("N"), session.Status.ToString(), session.CaucusWith?.ToString(), you.IsHost, View(session, you, nowUtc),
            session.SpaceOf(you).ToString(),
            !you.IsHost && you.Status == AttendeeStatus.Admitted && session.NoticesReadAtUtc is not null && !NoticesAcknowledged(session, you),
            SessionWording.Notices,
            [.. visible.OrderBy(a => a.FirstArrivedUtc).Select(a => View(session, a, nowUtc, IdentityOf(a)))], session.OpenedAtUtc, session.ScheduledStartUtc,
            SharedWith(session, you));
    }
}
