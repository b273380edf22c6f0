using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Domain.Calendar;
using Mediation.Domain.Cases;
using Mediation.Domain.Sessions;
using Mediation.Server.Access;
using Mediation.Server.Cases;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Work;

/// <summary>A staff member's day, for their home page: applications waiting to be accepted (with the date the law
/// sets), today's sessions, and the cases that need attention before a statutory date passes.</summary>
public sealed record WorkView(IReadOnlyList<AwaitingAcceptance> AwaitingAcceptance, IReadOnlyList<TodaysSession> TodaysSessions, IReadOnlyList<CaseWarning> Warnings);

public sealed record AwaitingAcceptance(Guid CaseId, string Number, string Subject, DateTime ReceivedAtUtc, DateOnly AcceptanceDue, bool Overdue);

public sealed record TodaysSession(Guid SessionId, Guid CaseId, string CaseNumber, string Subject, SessionStatus Status, DateTime? ScheduledStartUtc, DateTime? OpenedAtUtc);

public sealed record CaseWarning(Guid CaseId, string CaseNumber, string Subject, WarningKind Kind, DateOnly? Due);

/// <summary>Why a case is on the warning list.</summary>
public enum WarningKind
{
    /// <summary>Not accepted or declined within three working days of receipt (see <see cref="StatutoryDeadlines.AcceptanceDue"/>).</summary>
    AcceptanceOverdue,
    /// <summary>Fifteen days from receipt end within three days: without an agreement, the parties may go to arbitration
    /// (劳动争议调解仲裁法 art. 14).</summary>
    MediationLimitNear,
    MediationLimitPassed,
    /// <summary>The thirty days to apply for judicial confirmation end within a week (人民调解法 art. 33).</summary>
    JudicialConfirmationNear,
    /// <summary>A party asked for another mediator (回避) and nobody has decided yet.</summary>
    MediatorChangeRequested,
}

public static class WorkApi
{
    /// <summary>At most this many open cases are looked at for warnings, the oldest first (they are the ones whose dates pass first).</summary>
    public const int OpenCasesLimit = 500;

    public static IEndpointRouteBuilder MapWorkApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/work", GetAsync).WithTags("Work").RequireAuthorization(Policies.Staff)
            .WithSummary("The caller's day: applications to accept (organization admins), today's sessions, and warnings before statutory dates pass.");
        return app;
    }

    private static readonly CaseStatus[] Open = [CaseStatus.Applied, CaseStatus.Accepted, CaseStatus.MediatorAssigned, CaseStatus.InMediation, CaseStatus.AgreementReached];

    private static async Task<Ok<WorkView>> GetAsync(ClaimsPrincipal user, MediationDbContext db, StatutoryDeadlines deadlines, TimeProvider time, CancellationToken ct)
    {
        if (CaseScope.For(user, db) is not { } scope)
        {
            return TypedResults.Ok(new WorkView([], [], []));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.DateOf(now);
        var cases = await scope.AsNoTracking().Where(c => Open.Contains(c.Status)).OrderBy(c => c.ReceivedAtUtc).Take(OpenCasesLimit)
            .Select(c => new { c.Id, c.Number, c.Subject, c.Status, c.ReceivedAtUtc, c.AgreementEffectiveOn, ChangeRequested = c.MediatorChangeRequest != null })
            .ToListAsync(ct);

        var awaiting = new List<AwaitingAcceptance>();
        var warnings = new List<CaseWarning>();
        var orgAdmin = user.IsInRole(Roles.OrgAdmin);
        foreach (var c in cases)
        {
            var received = ChinaTime.DateOf(c.ReceivedAtUtc);
            CaseWarning Warn(WarningKind kind, DateOnly? due) => new(c.Id, c.Number, c.Subject, kind, due);
            if (c.Status == CaseStatus.Applied)
            {
                var due = deadlines.AcceptanceDue(received);
                awaiting.Add(new AwaitingAcceptance(c.Id, c.Number, c.Subject, c.ReceivedAtUtc, due, today > due));
                if (today > due)
                {
                    warnings.Add(Warn(WarningKind.AcceptanceOverdue, due));
                }
            }
            else if (c.Status is CaseStatus.Accepted or CaseStatus.MediatorAssigned or CaseStatus.InMediation)
            {
                var limit = deadlines.MediationLimit(received);
                if (today > limit)
                {
                    warnings.Add(Warn(WarningKind.MediationLimitPassed, limit));
                }
                else if (limit.DayNumber - today.DayNumber <= 3)
                {
                    warnings.Add(Warn(WarningKind.MediationLimitNear, limit));
                }
            }
            else if (c.AgreementEffectiveOn is { } effective && deadlines.JudicialConfirmationWindowEnd(effective) is var by
                && by >= today && by.DayNumber - today.DayNumber <= 7)
            {
                warnings.Add(Warn(WarningKind.JudicialConfirmationNear, by));
            }

            if (c.ChangeRequested && orgAdmin)
            {
                warnings.Add(Warn(WarningKind.MediatorChangeRequested, null));
            }
        }

        // Today in China: sessions set for today, and any open now (one may have run past midnight).
        var dayStart = ChinaTime.EndOfDayUtc(today.AddDays(-1));
        var dayEnd = ChinaTime.EndOfDayUtc(today);
        var sessions = await db.MediationSessions.AsNoTracking()
            .Where(s => scope.Any(c => c.Id == s.CaseId)
                && (s.Status == SessionStatus.Open || (s.ScheduledStartUtc > dayStart && s.ScheduledStartUtc <= dayEnd) || (s.OpenedAtUtc > dayStart && s.OpenedAtUtc <= dayEnd)))
            .Join(db.Cases, s => s.CaseId, c => c.Id, (s, c) => new TodaysSession(s.Id, c.Id, c.Number, c.Subject, s.Status, s.ScheduledStartUtc, s.OpenedAtUtc))
            .ToListAsync(ct);

        return TypedResults.Ok(new WorkView(
            [.. awaiting.OrderBy(a => a.AcceptanceDue)],
            [.. sessions.OrderBy(s => s.OpenedAtUtc ?? s.ScheduledStartUtc)],
            [.. warnings.OrderBy(w => w.Due ?? DateOnly.MinValue)]));
    }
}
