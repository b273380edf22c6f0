using Mediation.Domain.Cases;

namespace Mediation.Domain.Sessions;

public enum SessionStatus
{
    /// <summary>Set for a time; the parties were sent their invite links.</summary>
    Scheduled,
    /// <summary>The mediator opened it: the lobby admits, the room is live.</summary>
    Open,
    Ended,
}

/// <summary>Where a person is during a session: the joint room, or one side's private room (背对背).</summary>
public enum SessionSpace
{
    Joint,
    ApplicantCaucus,
    RespondentCaucus,
}

/// <summary>
/// One online mediation session of a case (在线调解规则 arts. 13–17): scheduled, opened by the mediator, ended.
/// It is the authority on the room's state — who was admitted, whether the sides are separated and with whom the
/// mediator sits — so every server node that holds a connection of the room reads the same truth.
/// </summary>
public sealed class MediationSession : IVersioned
{
    private readonly List<SessionAttendee> _attendees = [];

    private MediationSession() { }

    private MediationSession(Guid caseId, DateTime? scheduledStartUtc, string by, DateTime nowUtc)
    {
        Id = Guid.NewGuid();
        CaseId = caseId;
        ScheduledStartUtc = scheduledStartUtc;
        CreatedBy = by;
        CreatedAtUtc = nowUtc;
        Status = SessionStatus.Scheduled;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public Guid Version { get; set; }
    public SessionStatus Status { get; private set; }
    public DateTime? ScheduledStartUtc { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime? OpenedAtUtc { get; private set; }
    public DateTime? EndedAtUtc { get; private set; }

    /// <summary>The side the mediator is with in private; null while everyone is in the joint room.</summary>
    public PartySide? CaucusWith { get; private set; }

    /// <summary>When the notices were last read to the parties (arts. 13, 17).</summary>
    public DateTime? NoticesReadAtUtc { get; private set; }

    public IReadOnlyList<SessionAttendee> Attendees => _attendees;

    /// <summary>The agreement shown in the call as a shared panel (everyone in the mediator's room reads the same
    /// page; not a screen share): bumped each time the mediator shows it again after a change, so pages fetch it anew;
    /// null while nothing is shown.</summary>
    public int? SharedDocumentRevision { get; private set; }

    /// <summary>How far down the shared document the mediator has scrolled, 0 (top) to 1 (end).</summary>
    public double SharedDocumentScroll { get; private set; }

    /// <summary>A session set for a time, at least a minute ahead and not more than a year.</summary>
    public static (MediationSession? Session, DomainResult Result) Schedule(Guid caseId, DateTime startUtc, string by, DateTime nowUtc)
    {
        if (startUtc < nowUtc.AddMinutes(1) || startUtc > nowUtc.AddYears(1))
        {
            return (null, DomainResult.Refuse("session-time", "A session is scheduled from a minute ahead to a year ahead."));
        }

        return (new MediationSession(caseId, startUtc, by, nowUtc), DomainResult.Ok);
    }

    /// <summary>A session opened on the spot, without a schedule (the parties are already reachable).</summary>
    public static MediationSession OpenNow(Guid caseId, string by, DateTime nowUtc)
    {
        var session = new MediationSession(caseId, null, by, nowUtc);
        session.Open(nowUtc);
        return session;
    }

    public DomainResult Open(DateTime nowUtc)
    {
        if (Status == SessionStatus.Ended)
        {
            return DomainResult.Refuse("session-ended", "This session has ended; schedule or open another.");
        }

        if (Status == SessionStatus.Scheduled)
        {
            Status = SessionStatus.Open;
            OpenedAtUtc = nowUtc;
        }

        return DomainResult.Ok;
    }

    /// <summary>Ends the session: whoever is still connected is marked as departed now (a presence whose server went
    /// away, when it was last seen), so durations add up.</summary>
    public DomainResult End(DateTime nowUtc)
    {
        if (Status != SessionStatus.Open)
        {
            return DomainResult.Refuse("session-not-open", "Only an open session can be ended.");
        }

        DepartUnseen(nowUtc);
        foreach (var attendee in _attendees)
        {
            attendee.Depart(nowUtc);
        }

        Status = SessionStatus.Ended;
        EndedAtUtc = nowUtc;
        CaucusWith = null;
        SharedDocumentRevision = null;
        return DomainResult.Ok;
    }

    /// <summary>The mediator shows the agreement to the room, or shows it again after changing it (the scroll position
    /// is kept then, so the reading goes on where it was).</summary>
    public DomainResult ShareDocument()
    {
        if (Status != SessionStatus.Open)
        {
            return NotOpen;
        }

        SharedDocumentScroll = SharedDocumentRevision is null ? 0 : SharedDocumentScroll;
        SharedDocumentRevision = (SharedDocumentRevision ?? 0) + 1;
        return DomainResult.Ok;
    }

    public DomainResult StopSharingDocument()
    {
        if (Status != SessionStatus.Open)
        {
            return NotOpen;
        }

        SharedDocumentRevision = null;
        return DomainResult.Ok;
    }

    /// <summary>Where the mediator has scrolled to in the shared document, as a share of its length.</summary>
    public DomainResult ScrollDocument(double position)
    {
        if (Status != SessionStatus.Open)
        {
            return NotOpen;
        }

        if (SharedDocumentRevision is null)
        {
            return DomainResult.Refuse("document-not-shared", "No document is shown in the session.");
        }

        if (!double.IsFinite(position))
        {
            return DomainResult.Refuse("document-scroll-invalid", "The scroll position is a number from 0 to 1.");
        }

        SharedDocumentScroll = Math.Clamp(position, 0, 1);
        return DomainResult.Ok;
    }

    /// <summary>背对背: the mediator takes one side into a private room; the other side waits in its own, and neither
    /// receives anything of the other until <see cref="EndCaucus"/>. Calling it again switches sides.</summary>
    public DomainResult StartCaucus(PartySide side)
    {
        if (Status != SessionStatus.Open)
        {
            return NotOpen;
        }

        CaucusWith = side;
        return DomainResult.Ok;
    }

    public DomainResult EndCaucus()
    {
        if (Status != SessionStatus.Open)
        {
            return NotOpen;
        }

        CaucusWith = null;
        return DomainResult.Ok;
    }

    public DomainResult ReadNotices(DateTime nowUtc)
    {
        if (Status != SessionStatus.Open)
        {
            return NotOpen;
        }

        NoticesReadAtUtc = nowUtc;
        return DomainResult.Ok;
    }

    private static readonly DomainResult NotOpen = DomainResult.Refuse("session-not-open", "The session is not open.");

    /// <summary>Where the mediator (and any staff) sits now.</summary>
    public SessionSpace StaffSpace => CaucusWith switch
    {
        PartySide.Applicant => SessionSpace.ApplicantCaucus,
        PartySide.Respondent => SessionSpace.RespondentCaucus,
        _ => SessionSpace.Joint,
    };

    /// <summary>Where an attendee is: staff with the mediator; while the sides are separated each side in its own
    /// private room (the one the mediator is not in waits alone).</summary>
    public SessionSpace SpaceOf(SessionAttendee attendee) => (CaucusWith, attendee.Side) switch
    {
        (null, _) => SessionSpace.Joint,
        (_, null) => StaffSpace,
        (_, PartySide.Applicant) => SessionSpace.ApplicantCaucus,
        (_, PartySide.Respondent) => SessionSpace.RespondentCaucus,
        _ => SessionSpace.Joint,
    };

    /// <summary>Ends, at the time each was last seen, the presences whose server went away without saying so (a crash,
    /// a lost node): after a restart nobody shows as connected until they are, and the outage is no time present.</summary>
    public int DepartUnseen(DateTime nowUtc)
    {
        var lost = _attendees.Where(a => a.LostAt(nowUtc)).ToList();
        foreach (var attendee in lost)
        {
            attendee.Depart(attendee.LastSeenUtc);
        }

        return lost.Count;
    }

    public SessionAttendee? Find(SessionPerson person) => _attendees.FirstOrDefault(a => a.Person == person);

    public SessionAttendee? FindById(Guid attendeeId) => _attendees.FirstOrDefault(a => a.Id == attendeeId);

    /// <summary>A person arrives (or comes back): staff hosting the session are in at once, parties wait in the
    /// lobby until the mediator admits them — once admitted, a reload or a dropped network brings them straight back.</summary>
    public SessionAttendee Arrive(SessionPerson person, string displayName, string role, Guid? partyId, PartySide? side, bool host, DateTime nowUtc,
        string? connectionId = null)
    {
        var attendee = Find(person);
        if (attendee is null)
        {
            attendee = new SessionAttendee(Id, person, displayName, role, partyId, side, nowUtc);
            _attendees.Add(attendee);
        }

        attendee.Connect(nowUtc, connectionId);
        if (host)
        {
            attendee.AdmitAsHost(nowUtc);
        }

        return attendee;
    }
}
