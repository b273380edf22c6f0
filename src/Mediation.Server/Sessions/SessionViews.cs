using Mediation.Domain.Sessions;

namespace Mediation.Server.Sessions;

/// <summary>One person of the session as a page sees them. <see cref="Id"/> is also the stream id their tracks carry.</summary>
public sealed record AttendeeView(string Id, string DisplayName, string Role, string? Side, string Status, bool Connected, string Space,
    bool HandRaised, bool MutedByMediator, bool IdentityChecked, bool NoticesAcknowledged, double PresentSeconds);

/// <summary>
/// The room as one connection may see it: the session's state, the caller's own place in it, and the people it may
/// know of — the host sees the lobby too; a party sees those admitted. Sent by the server, never assembled by pages.
/// </summary>
public sealed record RoomView(string? SessionId, string SessionStatus, string? CaucusWith, bool IsHost, AttendeeView? You, string YourSpace,
    bool NoticesPending, IReadOnlyList<string> Notices, IReadOnlyList<AttendeeView> Attendees);

/// <summary>A chat line as delivered to the pages in one space. <see cref="Id"/> is the sender's own id for the line: a
/// line delivered twice (sent again after a failure) is shown once.</summary>
public sealed record ChatMessage(string Id, string FromId, string FromName, string Text, string Space, DateTime AtUtc);

public static class SessionViews
{
    public static AttendeeView View(MediationSession session, SessionAttendee a, DateTime nowUtc) => new(
        a.Id.ToString("N"), a.DisplayName, a.Role, a.Side?.ToString(), a.Status.ToString(), a.Connected, session.SpaceOf(a).ToString(),
        a.HandRaised, a.MutedByMediator, a.IdentityCheckedAtUtc is not null, NoticesAcknowledged(session, a), a.PresentSecondsAt(nowUtc));

    private static bool NoticesAcknowledged(MediationSession session, SessionAttendee a) =>
        a.NoticesAcknowledgedAtUtc is { } at && session.NoticesReadAtUtc is { } read && at >= read;

    public static RoomView NotOpen(bool isHost) => new(null, "NotOpen", null, isHost, null, SessionSpace.Joint.ToString(), false, SessionNotices.Text, []);

    public static RoomView For(MediationSession session, SessionAttendee you, DateTime nowUtc)
    {
        var visible = session.Attendees.Where(a => you.IsHost || a.Status == AttendeeStatus.Admitted || a.Id == you.Id);
        return new RoomView(session.Id.ToString("N"), session.Status.ToString(), session.CaucusWith?.ToString(), you.IsHost, View(session, you, nowUtc),
            session.SpaceOf(you).ToString(),
            !you.IsHost && you.Status == AttendeeStatus.Admitted && session.NoticesReadAtUtc is not null && !NoticesAcknowledged(session, you),
            SessionNotices.Text,
            [.. visible.OrderBy(a => a.FirstArrivedUtc).Select(a => View(session, a, nowUtc))]);
    }
}
