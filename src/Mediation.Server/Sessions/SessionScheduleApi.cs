using System.Globalization;
using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Calendar;
using Mediation.Domain.Cases;
using Mediation.Domain.Invites;
using Mediation.Domain.Sessions;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Mediation.Server.Invites;
using Mediation.Server.Sms;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Sessions;

public sealed record ScheduleSessionRequest(DateTime StartsAtUtc);

public sealed record AttendanceView(string DisplayName, string Role, PartySide? Side, AttendeeStatus Status, DateTime FirstArrivedUtc, DateTime? AdmittedAtUtc,
    DateTime? IdentityCheckedAtUtc, DateTime? NoticesAcknowledgedAtUtc, bool Connected, double PresentSeconds);

public sealed record SessionSummary(Guid Id, SessionStatus Status, DateTime? ScheduledStartUtc, DateTime? OpenedAtUtc, DateTime? EndedAtUtc,
    IReadOnlyList<AttendanceView> Attendance, int InvitesSent);

/// <summary>The session a party (or staff) should know of now: the open one, else the next one set for a time, else the
/// last one held; <see cref="Session"/> is null when there has been none.</summary>
public sealed record NextSession(NextSessionView? Session);

public sealed record NextSessionView(Guid Id, SessionStatus Status, DateTime? ScheduledStartUtc, DateTime? OpenedAtUtc, DateTime? EndedAtUtc);

/// <summary>
/// Sessions as the case file sees them: the mediator schedules one (each party gets an SMS with the time and an
/// invite link of their own), and the case shows every session with its attendance and durations.
/// </summary>
public static class SessionScheduleApi
{
    internal static IEndpointRouteBuilder MapSessionSchedule(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases/{caseId:guid}/sessions").WithTags("Sessions");
        cases.MapPost("", ScheduleAsync).RequireAuthorization(Policies.Staff)
            .WithSummary("Schedules a session; each party gets an SMS with the time and an invite link of its own.");
        cases.MapGet("", ListAsync).RequireAuthorization(Policies.Staff).WithSummary("Every session of the case, with attendance.");
        cases.MapGet("/next", NextAsync).RequireAuthorization(Policies.StaffOrParty)
            .WithSummary("The session to know of now: the open one, the next scheduled, or the last held (for a party's home page).");
        return app;
    }

    private static async Task<Results<Created<SessionSummary>, ProblemHttpResult>> ScheduleAsync(
        Guid caseId, ScheduleSessionRequest request, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, ISmsSender sms,
        SmsTexts texts, IOptions<InviteOptions> inviteOptions, TimeProvider time, HttpRequest http, ILogger<MediationSession> logger,
        CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        if (grant.Case.Status is not (CaseStatus.MediatorAssigned or CaseStatus.InMediation))
        {
            return Problems.Of(StatusCodes.Status409Conflict, "case-not-in-mediation", "Sessions are scheduled while the case is in mediation.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var (session, result) = MediationSession.Schedule(caseId, DateTime.SpecifyKind(request.StartsAtUtc, DateTimeKind.Utc), user.FindFirstValue(ClaimTypes.NameIdentifier)!, now);
        if (session is null)
        {
            return Problems.Refused(result);
        }

        db.MediationSessions.Add(session);
        // One invite per party, each for that party alone (the link is the party's way in; the code goes to its phone).
        var messages = new List<SmsMessage>();
        var organization = await db.Organizations.Where(o => o.Id == grant.Case.OrganizationId).Select(o => o.Name).SingleAsync(ct);
        var when = ChinaTime.ToChinaTime(session.ScheduledStartUtc!.Value).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);
        foreach (var party in grant.Case.Parties)
        {
            var (invite, token) = Invite.Issue(caseId, party.Id, user.FindFirstValue(ClaimTypes.NameIdentifier)!, now, inviteOptions.Value.Lifetime);
            db.Invites.Add(invite);
            messages.Add(texts.SessionInvitation(party.Phone, grant.Case.OrganizationId, caseId, party.Name, organization, when, grant.Case.Number,
                inviteOptions.Value.LinkFor(token, http)));
        }

        await db.SaveChangesAsync(ct);
        foreach (var message in messages)
        {
            await sms.SendAsync(message, ct);
        }

        logger.LogInformation("Session {SessionId} of case {CaseId} scheduled for {StartsAtUtc}; {Count} parties notified", session.Id, caseId, session.ScheduledStartUtc, messages.Count);
        return TypedResults.Created($"/api/cases/{caseId}/sessions", Summary(session, now, messages.Count));
    }

    private static async Task<Results<Ok<List<SessionSummary>>, ProblemHttpResult>> ListAsync(
        Guid caseId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, TimeProvider time, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct, CaseAccessMode.Read);
        if (check.Result is not Ok<CaseAccessGrant>)
        {
            return (ProblemHttpResult)check.Result;
        }

        var sessions = await db.MediationSessions.AsNoTracking().Include(s => s.Attendees).Where(s => s.CaseId == caseId).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return TypedResults.Ok(sessions.OrderByDescending(s => s.OpenedAtUtc ?? s.ScheduledStartUtc ?? s.CreatedAtUtc).Select(s => Summary(s, now, 0)).ToList());
    }

    private static async Task<Results<Ok<NextSession>, ProblemHttpResult>> NextAsync(
        Guid caseId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct, CaseAccessMode.Read);
        if (check.Result is not Ok<CaseAccessGrant>)
        {
            return (ProblemHttpResult)check.Result;
        }

        var sessions = await db.MediationSessions.AsNoTracking().Where(s => s.CaseId == caseId)
            .Select(s => new NextSessionView(s.Id, s.Status, s.ScheduledStartUtc, s.OpenedAtUtc, s.EndedAtUtc)).ToListAsync(ct);
        var next = sessions.FirstOrDefault(s => s.Status == SessionStatus.Open)
            ?? sessions.Where(s => s.Status == SessionStatus.Scheduled).OrderBy(s => s.ScheduledStartUtc).FirstOrDefault()
            ?? sessions.Where(s => s.Status == SessionStatus.Ended).OrderByDescending(s => s.EndedAtUtc).FirstOrDefault();
        return TypedResults.Ok(new NextSession(next));
    }

    private static SessionSummary Summary(MediationSession s, DateTime now, int invitesSent) => new(s.Id, s.Status, s.ScheduledStartUtc, s.OpenedAtUtc, s.EndedAtUtc,
        [.. s.Attendees.OrderBy(a => a.FirstArrivedUtc).Select(a => new AttendanceView(a.DisplayName, a.Role, a.Side, a.Status, a.FirstArrivedUtc, a.AdmittedAtUtc,
            a.IdentityCheckedAtUtc, a.NoticesAcknowledgedAtUtc, a.Connected, Math.Round(a.PresentSecondsAt(now))))], invitesSent);
}
