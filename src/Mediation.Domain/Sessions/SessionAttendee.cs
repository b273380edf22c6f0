using Mediation.Domain.Cases;

namespace Mediation.Domain.Sessions;

public enum AttendeeStatus
{
    /// <summary>In the lobby, waiting for the mediator.</summary>
    Waiting,
    Admitted,
    /// <summary>The mediator did not let them in (wrong person, not a party of this case).</summary>
    Denied,
    /// <summary>The mediator took them out of the room; they would have to be admitted again.</summary>
    Removed,
}

/// <summary>
/// A person's attendance of a session: admission and identity check, notices acknowledged, presence and the time
/// present (for the record of attendance and durations), and the mediator's controls over them.
/// </summary>
public sealed class SessionAttendee
{
    private SessionAttendee() { }

    internal SessionAttendee(Guid sessionId, SessionPerson person, string displayName, string role, Guid? partyId, PartySide? side, DateTime nowUtc)
    {
        Id = Guid.NewGuid();
        SessionId = sessionId;
        Person = person;
        DisplayName = displayName;
        Role = role;
        PartyId = partyId;
        Side = side;
        FirstArrivedUtc = nowUtc;
        LastSeenUtc = nowUtc;
        Status = AttendeeStatus.Waiting;
    }

    public Guid Id { get; private set; }
    public Guid SessionId { get; private set; }

    /// <summary>One presence per person, whatever the device.</summary>
    public SessionPerson Person { get; private set; }
    public string DisplayName { get; private set; } = "";

    /// <summary>Their role in the case: Mediator, OrganizationAdmin, Party.</summary>
    public string Role { get; private set; } = "";
    public Guid? PartyId { get; private set; }

    /// <summary>The side a party is on; null for staff.</summary>
    public PartySide? Side { get; private set; }
    public AttendeeStatus Status { get; private set; }
    public DateTime FirstArrivedUtc { get; private set; }
    public DateTime? AdmittedAtUtc { get; private set; }
    public string? AdmittedBy { get; private set; }

    /// <summary>When the mediator confirmed the person on camera matches the identity document on record.</summary>
    public DateTime? IdentityCheckedAtUtc { get; private set; }
    public DateTime? NoticesAcknowledgedAtUtc { get; private set; }
    public bool Connected { get; private set; }
    public DateTime? ConnectedSinceUtc { get; private set; }

    /// <summary>When a server last saw the person's connection alive: set on each call and by the node that holds the
    /// connection every <see cref="HeartbeatInterval"/>. A presence not seen for <see cref="PresenceGrace"/> died with its
    /// server (a crash, a lost node): it ends at this time, so the outage is not counted as time present.</summary>
    public DateTime LastSeenUtc { get; private set; }

    /// <summary>The hub connection that holds the presence now; another connection's leaving does not end it.</summary>
    public string? ConnectionId { get; private set; }

    /// <summary>Time connected while admitted, added up over reconnections.</summary>
    public double PresentSeconds { get; private set; }
    public bool HandRaised { get; private set; }

    /// <summary>Muted by the mediator: the server forwards none of their audio until the mediator asks them to speak.</summary>
    public bool MutedByMediator { get; private set; }

    /// <summary>Whether the person's own microphone and camera are on, as their page says: the others show a muted mark
    /// or an avatar instead of a silent, black tile.</summary>
    public bool MicOn { get; private set; } = true;
    public bool CameraOn { get; private set; } = true;

    public void SetDevices(bool micOn, bool cameraOn) => (MicOn, CameraOn) = (micOn, cameraOn);

    public bool IsHost => Side is null;

    /// <summary>How often the node holding a connection says it is alive.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    /// <summary>Unseen this long, a presence is taken to have died with its server: three heartbeats missed.</summary>
    public static readonly TimeSpan PresenceGrace = TimeSpan.FromSeconds(15);

    /// <summary>A connection of the person arrives. Another connection replacing a live one (a reload, a second tab)
    /// keeps the presence going; one that replaces a presence unseen for longer than <see cref="PresenceGrace"/> (its
    /// server died) first ends that presence when it was last seen.</summary>
    internal void Connect(DateTime nowUtc, string? connectionId)
    {
        if (Connected && ConnectionId != connectionId && nowUtc - LastSeenUtc > PresenceGrace)
        {
            Depart(LastSeenUtc);
        }

        if (!Connected)
        {
            Connected = true;
            ConnectedSinceUtc = nowUtc;
        }

        ConnectionId = connectionId;
        LastSeenUtc = nowUtc;
        if (Status is AttendeeStatus.Denied or AttendeeStatus.Removed)
        {
            // Back in the lobby: the mediator decides again.
            Status = AttendeeStatus.Waiting;
        }
    }

    /// <summary>The node holding the connection saw it alive.</summary>
    public void Seen(DateTime nowUtc)
    {
        if (Connected && nowUtc > LastSeenUtc)
        {
            LastSeenUtc = nowUtc;
        }
    }

    /// <summary>Whether the presence is taken to have died unseen (its server went away without saying so).</summary>
    public bool LostAt(DateTime nowUtc) => Connected && nowUtc - LastSeenUtc > PresenceGrace;

    internal void AdmitAsHost(DateTime nowUtc)
    {
        if (Status != AttendeeStatus.Admitted)
        {
            Status = AttendeeStatus.Admitted;
            AdmittedAtUtc = nowUtc;
            AdmittedBy = Person.ToString();
        }
    }

    /// <summary>The presence ends at <paramref name="atUtc"/> (closed the page, lost the network, the session ended, its
    /// server went away). Given a <paramref name="connectionId"/>, only that connection's leaving ends it: a newer one of
    /// the same person (a reload that reached another node first) holds it now.</summary>
    public void Depart(DateTime atUtc, string? connectionId = null)
    {
        if (connectionId is not null && connectionId != ConnectionId)
        {
            return;
        }

        if (Connected && Status == AttendeeStatus.Admitted && ConnectedSinceUtc is { } since)
        {
            PresentSeconds += Math.Max(0, (atUtc - since).TotalSeconds);
        }

        Connected = false;
        ConnectedSinceUtc = null;
        ConnectionId = null;
        LastSeenUtc = atUtc;
        HandRaised = false;
    }

    /// <summary>The mediator lets a waiting party in, having compared the person on camera with the identity
    /// document on record (在线调解规则 art. 16): admission without that check is refused.</summary>
    public DomainResult Admit(bool identityConfirmed, SessionPerson by, DateTime nowUtc)
    {
        if (Status != AttendeeStatus.Waiting)
        {
            return DomainResult.Refuse("not-waiting", "Only someone waiting in the lobby can be admitted.");
        }

        if (!identityConfirmed)
        {
            return DomainResult.Refuse("identity-check-required", "Confirm the person's identity against the document on record before admitting them.");
        }

        Status = AttendeeStatus.Admitted;
        AdmittedAtUtc = nowUtc;
        AdmittedBy = by.ToString();
        IdentityCheckedAtUtc = nowUtc;
        if (Connected)
        {
            // Presence counts from admission: time in the lobby is not time in the mediation.
            ConnectedSinceUtc = nowUtc;
        }

        return DomainResult.Ok;
    }

    public DomainResult Deny()
    {
        if (Status != AttendeeStatus.Waiting)
        {
            return DomainResult.Refuse("not-waiting", "Only someone waiting in the lobby can be turned away.");
        }

        Status = AttendeeStatus.Denied;
        return DomainResult.Ok;
    }

    public DomainResult Remove(DateTime nowUtc)
    {
        if (IsHost || Status != AttendeeStatus.Admitted)
        {
            return DomainResult.Refuse("not-removable", "Only an admitted party can be removed.");
        }

        // Still connected (their page says they were removed); their time in the room ends here.
        if (Connected && ConnectedSinceUtc is { } since)
        {
            PresentSeconds += Math.Max(0, (nowUtc - since).TotalSeconds);
        }

        ConnectedSinceUtc = null;
        Status = AttendeeStatus.Removed;
        MutedByMediator = false;
        HandRaised = false;
        return DomainResult.Ok;
    }

    public DomainResult AcknowledgeNotices(DateTime? noticesReadAtUtc, DateTime nowUtc)
    {
        if (Status != AttendeeStatus.Admitted || noticesReadAtUtc is null)
        {
            return DomainResult.Refuse("no-notices", "There are no notices to acknowledge yet.");
        }

        NoticesAcknowledgedAtUtc = nowUtc;
        return DomainResult.Ok;
    }

    public void RaiseHand(bool raised) => HandRaised = raised && Status == AttendeeStatus.Admitted;

    public DomainResult Mute(bool muted)
    {
        if (IsHost || Status != AttendeeStatus.Admitted)
        {
            return DomainResult.Refuse("not-mutable", "Only an admitted party can be muted.");
        }

        MutedByMediator = muted;
        return DomainResult.Ok;
    }

    /// <summary>Whether they are in the room now (admitted and connected).</summary>
    public bool Present => Status == AttendeeStatus.Admitted && Connected;

    /// <summary>Time present, counting the current stretch.</summary>
    public double PresentSecondsAt(DateTime nowUtc) =>
        PresentSeconds + (Present && ConnectedSinceUtc is { } since ? Math.Max(0, (nowUtc - since).TotalSeconds) : 0);
}
