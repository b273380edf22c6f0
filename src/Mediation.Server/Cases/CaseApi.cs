using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Domain.Calendar;
using Mediation.Domain.Cases;
using Mediation.Domain.Privacy;
using Mediation.Server.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Cases;

public sealed record CaseSummary(
    Guid Id, string Number, string Subject, CaseStatus Status, DateTime ReceivedAtUtc, string? MediatorName, IReadOnlyList<PartyView> Parties,
    CaseDeadlines Deadlines, Guid Version);
public sealed record PartyView(Guid Id, PartySide Side, PartyKind Kind, string Name, string? IdNumber, string Phone);
public sealed record CaseDetail(
    CaseSummary Case, string OrganizationName, string ViewerRole, Guid? ViewerPartyId, IntakeChannel Channel, string Facts, IReadOnlyList<DisputeClaim> Claims,
    IReadOnlyList<CaseCommand> AllowedCommands, string? DeclineReason, TerminationReason? TerminationReason, string? TerminationNotes,
    DateOnly? AgreementEffectiveOn, ReferralRoute? Referral, Guid? TransferredToOrganizationId, Guid? TransferredFromCaseId);
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize);

/// <summary>The statutory dates of a case, each with whether it has passed without the step being taken.</summary>
public sealed record CaseDeadlines(DateOnly AcceptanceDue, bool AcceptanceOverdue, DateOnly MediationLimit, bool MediationLimitPassed,
    DateOnly? JudicialConfirmationBy, DateOnly? ArbitrationReviewBy);

/// <summary>Cases for staff and parties: the list (paged, filtered), the detail with its statutory dates and the
/// commands the caller may issue, and (in <see cref="CaseLifecycleApi"/>) the commands and the audit timeline.</summary>
public static class CaseApi
{
    public static IEndpointRouteBuilder MapCaseApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases");
        cases.MapGet("/", ListAsync).RequireAuthorization(Policies.Staff);
        cases.MapCaseLifecycle();
        cases.MapCaseIntake();
        cases.MapCaseRecord();
        cases.MapEvidence(app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<EvidenceOptions>>().Value.MaxBytes);
        cases.MapGet("/{caseId:guid}", GetAsync).RequireAuthorization(Policies.StaffOrParty);
        return app;
    }

    /// <summary>An organization admin sees the organization's cases; a mediator the cases assigned to them.
    /// Filter by status and by number or subject text; newest first, in pages.</summary>
    private static async Task<Ok<Page<CaseSummary>>> ListAsync(
        ClaimsPrincipal user, MediationDbContext db, StatutoryDeadlines deadlines, TimeProvider time, CancellationToken ct,
        CaseStatus? status = null, string? q = null, int page = 1, int pageSize = 20)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var orgId = Guid.TryParse(user.FindFirstValue(StaffClaimsPrincipalFactory.OrganizationIdClaim), out var o) ? o : (Guid?)null;
        IQueryable<Case> query;
        if (orgId is not null && user.IsInRole(Roles.OrgAdmin))
        {
            query = db.Cases.Where(c => c.OrganizationId == orgId);
        }
        else if (orgId is not null && user.IsInRole(Roles.Mediator))
        {
            query = db.Cases.Where(c => c.OrganizationId == orgId && c.MediatorUserId == userId);
        }
        else
        {
            return TypedResults.Ok(new Page<CaseSummary>([], 0, page, pageSize));
        }

        if (status is not null)
        {
            query = query.Where(c => c.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(c => c.Number.Contains(text) || c.Subject.Contains(text));
        }

        var total = await query.CountAsync(ct);
        var list = await query.Include(c => c.Parties).OrderByDescending(c => c.ReceivedAtUtc).ThenBy(c => c.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var mediators = await MediatorNamesAsync(db, list, ct);
        var today = ChinaTime.DateOf(time.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(new Page<CaseSummary>(list.Select(c => Summarize(c, mediators, maskIdentity: false, deadlines, today)).ToList(), total, page, pageSize));
    }

    private static async Task<Results<Ok<CaseDetail>, ProblemHttpResult>> GetAsync(
        Guid caseId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, StatutoryDeadlines deadlines, TimeProvider time, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        return TypedResults.Ok(await DetailAsync(grant, db, deadlines, time, ct));
    }

    internal static async Task<CaseDetail> DetailAsync(CaseAccessGrant grant, MediationDbContext db, StatutoryDeadlines deadlines, TimeProvider time, CancellationToken ct)
    {
        var c = grant.Case;
        var organization = await db.Organizations.Where(o => o.Id == c.OrganizationId).Select(o => o.Name).SingleAsync(ct);
        var mediators = await MediatorNamesAsync(db, [c], ct);
        // Parties see each other's names, not each other's identity or phone numbers.
        var summary = Summarize(c, mediators, maskIdentity: grant.Role == CaseRole.Party, deadlines, ChinaTime.DateOf(time.GetUtcNow().UtcDateTime));
        return new CaseDetail(summary, organization, grant.Role.ToString(), grant.PartyId, c.Channel, c.Facts, c.Claims,
            [.. CaseLifecycle.AllowedCommands(c.Status).Where(command => CaseLifecycleApi.MayIssue(grant, command))],
            c.DeclineReason, c.TerminationReason, c.TerminationNotes, c.AgreementEffectiveOn, c.Referral, c.TransferredToOrganizationId, c.TransferredFromCaseId);
    }

    private static async Task<Dictionary<string, string>> MediatorNamesAsync(MediationDbContext db, IReadOnlyList<Case> cases, CancellationToken ct)
    {
        var ids = cases.Select(c => c.MediatorUserId).OfType<string>().Distinct().ToList();
        return await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    private static CaseSummary Summarize(Case c, Dictionary<string, string> mediators, bool maskIdentity, StatutoryDeadlines deadlines, DateOnly today)
    {
        var received = ChinaTime.DateOf(c.ReceivedAtUtc);
        var acceptanceDue = deadlines.AcceptanceDue(received);
        var mediationLimit = deadlines.MediationLimit(received);
        var mediating = c.Status is CaseStatus.Accepted or CaseStatus.MediatorAssigned or CaseStatus.InMediation;
        var dates = new CaseDeadlines(acceptanceDue, c.Status == CaseStatus.Applied && today > acceptanceDue, mediationLimit, mediating && today > mediationLimit,
            c.AgreementEffectiveOn is { } effective ? deadlines.JudicialConfirmationWindowEnd(effective) : null,
            c.AgreementEffectiveOn is { } effective2 ? deadlines.ArbitrationReviewWindowEnd(effective2) : null);
        return new(c.Id, c.Number, c.Subject, c.Status, c.ReceivedAtUtc,
            c.MediatorUserId is null ? null : mediators.GetValueOrDefault(c.MediatorUserId),
            [.. c.Parties.OrderBy(p => p.Side).Select(p => new PartyView(p.Id, p.Side, p.Kind, p.Name,
                maskIdentity && p.IdNumber is not null ? PersonalDataMask.MaskIdNumber(p.IdNumber) : p.IdNumber,
                maskIdentity ? PersonalDataMask.MaskPhone(p.Phone) : p.Phone))],
            dates, c.Version);
    }
}
