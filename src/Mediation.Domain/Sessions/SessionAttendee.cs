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

    internal SessionAttendee(Guid sessionId, string personKey, string displayName, string role, Guid? partyId, PartySide? side, DateTime nowUtc)
    {
        Id = Guid.NewGuid();
        SessionId = sessionId;
        PersonKey = personKey;
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

    /// <summary>"staff:{user id}" or "party:{party id}": one presence per person, whatever the device.</summary>
    public string PersonKey { get; private set; } = "";
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
    public DateTime LastSeenUtc { get; private set; }

    /// <summary>Time connected while admitted, added up over reconnections.</summary>
    public double PresentSeconds { get; private set; }
    public bool HandRaised { get; private set; }

    /// <summary>Muted by the mediator: the server forwards none of their audio until the mediator asks them to speak.</summary>
    public bool MutedByMediator { get; private set; }

    public bool IsHost => Side is null;

    internal void Connect(DateTime nowUtc)
    {
        if (!Connected)
        {
            Connected = true;
            ConnectedSinceUtc = nowUtc;
        }

        LastSeenUtc = nowUtc;
        if (Status is AttendeeStatus.Denied or AttendeeStatus.Removed)
        {
            // Back in the lobby: the mediator decides again.
            Status = AttendeeStatus.Waiting;
        }
    }

    internal void AdmitAsHost(DateTime nowUtc)
    {
        if (Status != AttendeeStatus.Admitted)
        {
            Status = AttendeeStatus.Admitted;
            AdmittedAtUtc = nowUtc;
            AdmittedBy = PersonKey;
        }
    }

    /// <summary>The connection went (closed the page, lost the network, the session ended).</summary>
    public void Depart(DateTime nowUtc)
    {
        if (Connected && Status == AttendeeStatus.Admitted && ConnectedSinceUtc is { } since)
        {
            PresentSeconds += Math.Max(0, (nowUtc - since).TotalSeconds);
        }

        Connected = false;
        ConnectedSinceUtc = null;
        LastSeenUtc = nowUtc;
        HandRaised = false;
    }

    /// <summary>The mediator lets a waiting party in, having compared the person on camera with the identity
    /// document on record (在线调解规则 art. 16): admission without that check is refused.</summary>
    public DomainResult Admit(bool identityConfirmed, string by, DateTime nowUtc)
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
        AdmittedBy = by;
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
