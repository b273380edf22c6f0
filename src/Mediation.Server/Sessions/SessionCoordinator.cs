using Mediation.Data;
using Mediation.Domain;
using Mediation.Domain.Cases;
using Mediation.Domain.Sessions;
using Mediation.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Sessions;

/// <summary>
/// Reads and changes a case's session in the database, the one place every server node agrees on, and keeps the
/// 调解笔录 as it goes: the header when the session opens, each identity check, the notices and their
/// acknowledgements, the chat, and the attendance when it ends. A change that meets another node's change to the
/// same rows (optimistic concurrency) is tried again on fresh rows.
/// </summary>
public sealed class SessionCoordinator(MediationDbContext db, TimeProvider time, ILogger<SessionCoordinator> logger)
{
    private const int Attempts = 5;

    public DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>The case's open session with its attendees, tracked for changes; null when none is open.</summary>
    public Task<MediationSession?> OpenSessionAsync(Guid caseId, CancellationToken ct) =>
        db.MediationSessions.Include(s => s.Attendees)
            .Where(s => s.CaseId == caseId && s.Status == SessionStatus.Open)
            .OrderByDescending(s => s.OpenedAtUtc)
            .FirstOrDefaultAsync(ct);

    /// <summary>When the case's next session is set for, if one is scheduled.</summary>
    public Task<DateTime?> NextScheduledStartAsync(Guid caseId, CancellationToken ct) =>
        db.MediationSessions.AsNoTracking().Where(s => s.CaseId == caseId && s.Status == SessionStatus.Scheduled)
            .OrderBy(s => s.ScheduledStartUtc).Select(s => s.ScheduledStartUtc).FirstOrDefaultAsync(ct);

    /// <summary>The parties' particulars on record, by party id, for the host's identity check.</summary>
    public async Task<IReadOnlyDictionary<Guid, IdentityOnRecord>> IdentitiesAsync(Guid caseId, CancellationToken ct) =>
        await db.CaseParties.AsNoTracking().Where(p => p.CaseId == caseId).ToDictionaryAsync(p => p.Id, p => new IdentityOnRecord(
            p.Name, p.Kind.ToString(), p.IdNumber is null ? null : Domain.Privacy.PersonalDataMask.MaskIdNumber(p.IdNumber), p.Gender?.ToString(), p.BirthDate,
            p.Ethnicity, p.LegalRepresentative), ct);

    /// <summary>Runs <paramref name="change"/> on fresh rows and saves, again if another writer got there first.</summary>
    public async Task<T> ChangeAsync<T>(Func<Task<T>> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var result = await change();
            try
            {
                await db.SaveChangesAsync(ct);
                return result;
            }
            catch (DbUpdateException e) when (attempt < Attempts && (e is DbUpdateConcurrencyException || IsUniqueViolation(e)))
            {
                logger.LogDebug("Session change met a concurrent one (attempt {Attempt}); trying again", attempt);
            }
        }
    }

    /// <summary>Two nodes adding the same person's first attendance at once: the unique (session, person) index.</summary>
    private static bool IsUniqueViolation(DbUpdateException e) =>
        e.InnerException?.Message is { } m && (m.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) || m.Contains("23505", StringComparison.Ordinal));

    /// <summary>The open session, or the scheduled one opened now, or a new one opened on the spot; the record
    /// gets its header line (time, place, mediator) when a session opens. The case's first session starts the mediation
    /// itself (the lifecycle's StartMediation, in the audit chain): the case page then reads 调解中.</summary>
    public async Task<MediationSession> OpenAsync(Guid caseId, SessionPerson by, string byName, CancellationToken ct)
    {
        if (await OpenSessionAsync(caseId, ct) is { } open)
        {
            return open;
        }

        var now = Now;
        var session = await db.MediationSessions.Include(s => s.Attendees)
            .Where(s => s.CaseId == caseId && s.Status == SessionStatus.Scheduled)
            .OrderBy(s => s.ScheduledStartUtc)
            .FirstOrDefaultAsync(ct);
        if (session is null)
        {
            session = MediationSession.OpenNow(caseId, by.ToString(), now);
            db.MediationSessions.Add(session);
        }
        else
        {
            session.Open(now);
        }

        var @case = await CaseAsync(caseId, ct);
        if (@case.Status == CaseStatus.MediatorAssigned)
        {
            var started = @case.StartMediation(by.Id, now);
            if (!started.IsOk)
            {
                throw new InvalidOperationException($"Opening the session could not start the mediation: {started.Message}");
            }
        }

        await RecordAsync(caseId, RecordEntryKind.Session, null, SessionWording.Opened(now, byName, @case.Subject), by, null, ct);
        return session;
    }

    /// <summary>Adds a line to the case's record in the same save as the session change.</summary>
    public async Task<DomainResult> RecordAsync(Guid caseId, RecordEntryKind kind, Guid? partyId, string text, SessionPerson author, PartySide? privateTo,
        CancellationToken ct, Guid? reference = null) =>
        (await CaseAsync(caseId, ct)).AddRecordEntry(kind, partyId, text, author.ToString(), Now, privateTo, reference);

    private async Task<Case> CaseAsync(Guid caseId, CancellationToken ct) =>
        db.Cases.Local.FirstOrDefault(c => c.Id == caseId) ?? await db.Cases.FirstAsync(c => c.Id == caseId, ct);

    /// <summary>Whether the record already keeps the chat line the sender identified so (a line sent again).</summary>
    public Task<bool> RecordedAsync(Guid caseId, Guid reference, CancellationToken ct) =>
        db.CaseRecordEntries.AnyAsync(e => e.CaseId == caseId && e.Reference == reference, ct);

    /// <summary>The person's connection left: their presence ends now, unless a newer connection of theirs holds it.
    /// With the database away it is left to the presence sweep, which ends it when it was last seen.</summary>
    public async Task DepartAsync(Guid caseId, SessionPerson person, string connectionId)
    {
        try
        {
            await ChangeAsync(async () =>
            {
                var session = await OpenSessionAsync(caseId, CancellationToken.None);
                session?.Find(person)?.Depart(Now, connectionId);
                return 0;
            }, CancellationToken.None);
        }
        catch (Exception e) when (Outages.CodeOf(e) is not null)
        {
            logger.LogWarning("Departure from the session of case {CaseId} not recorded now: {Error}", caseId, e.GetBaseException().Message);
        }
    }

    /// <summary>The side a space's words are private to: none in the joint room.</summary>
    public static PartySide? PrivateTo(SessionSpace space) => space switch
    {
        SessionSpace.ApplicantCaucus => PartySide.Applicant,
        SessionSpace.RespondentCaucus => PartySide.Respondent,
        _ => null,
    };

    /// <summary>The chat of this session in one space, from the record (the last 200 lines): what a page that
    /// reloads or moves between rooms shows again.</summary>
    public async Task<IReadOnlyList<ChatMessage>> ChatHistoryAsync(MediationSession session, SessionSpace space, CancellationToken ct)
    {
        var privateTo = PrivateTo(space);
        var since = session.OpenedAtUtc ?? session.CreatedAtUtc;
        var lines = await db.CaseRecordEntries.AsNoTracking()
            .Where(e => e.CaseId == session.CaseId && e.Kind == RecordEntryKind.Chat && e.PrivateTo == privateTo && e.AtUtc >= since)
            .OrderByDescending(e => e.Sequence).Take(200).ToListAsync(ct);
        return [.. lines.AsEnumerable().Reverse().Select(e =>
        {
            var author = SessionPerson.TryParse(e.Author, out var person) ? session.Find(person.Value) : null;
            var prefix = SessionWording.ChatPrefix(privateTo, author?.DisplayName ?? "");
            return new ChatMessage(e.Reference?.ToString("N") ?? $"line-{e.Sequence}", author?.Id.ToString("N") ?? "", author?.DisplayName ?? "",
                e.Text.StartsWith(prefix, StringComparison.Ordinal) ? e.Text[prefix.Length..] : e.Text, space.ToString(), e.AtUtc);
        })];
    }

}
