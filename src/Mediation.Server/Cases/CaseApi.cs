using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Domain.Cases;
using Mediation.Domain.Privacy;
using Mediation.Server.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Cases;

public sealed record CaseSummary(Guid Id, string Number, string Subject, DateTime ReceivedAtUtc, string? MediatorName, IReadOnlyList<PartyView> Parties);
public sealed record PartyView(Guid Id, PartySide Side, PartyKind Kind, string Name, string? IdNumber, string Phone);
public sealed record CaseDetail(CaseSummary Case, string OrganizationName, string ViewerRole, Guid? ViewerPartyId);

/// <summary>Read access to cases for staff and parties. Intake, the lifecycle and records are the case
/// service's; this is what the shell and the invite screens need.</summary>
public static class CaseApi
{
    public static IEndpointRouteBuilder MapCaseApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases");
        cases.MapGet("/", ListAsync).RequireAuthorization(Policies.Staff);
        cases.MapGet("/{caseId:guid}", GetAsync).RequireAuthorization(Policies.StaffOrParty);
        return app;
    }

    /// <summary>An organization admin sees the organization's cases; a mediator the cases assigned to them.</summary>
    private static async Task<Ok<List<CaseSummary>>> ListAsync(ClaimsPrincipal user, MediationDbContext db, CancellationToken ct)
    {
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
            return TypedResults.Ok(new List<CaseSummary>());
        }

        var list = await query.Include(c => c.Parties).OrderByDescending(c => c.ReceivedAtUtc).Take(500).ToListAsync(ct);
        var mediators = await MediatorNamesAsync(db, list, ct);
        return TypedResults.Ok(list.Select(c => Summarize(c, mediators, maskIdentity: false)).ToList());
    }

    private static async Task<Results<Ok<CaseDetail>, ProblemHttpResult>> GetAsync(
        Guid caseId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        var organization = await db.Organizations.Where(o => o.Id == grant.Case.OrganizationId).Select(o => o.Name).SingleAsync(ct);
        var mediators = await MediatorNamesAsync(db, [grant.Case], ct);
        // Parties see each other's names, not each other's identity or phone numbers.
        var summary = Summarize(grant.Case, mediators, maskIdentity: grant.Role == CaseRole.Party);
        return TypedResults.Ok(new CaseDetail(summary, organization, grant.Role.ToString(), grant.PartyId));
    }

    private static async Task<Dictionary<string, string>> MediatorNamesAsync(MediationDbContext db, IReadOnlyList<Case> cases, CancellationToken ct)
    {
        var ids = cases.Select(c => c.MediatorUserId).OfType<string>().Distinct().ToList();
        return await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    private static CaseSummary Summarize(Case c, Dictionary<string, string> mediators, bool maskIdentity) =>
        new(c.Id, c.Number, c.Subject, c.ReceivedAtUtc,
            c.MediatorUserId is null ? null : mediators.GetValueOrDefault(c.MediatorUserId),
            [.. c.Parties.OrderBy(p => p.Side).Select(p => new PartyView(p.Id, p.Side, p.Kind, p.Name,
                maskIdentity && p.IdNumber is not null ? PersonalDataMask.MaskIdNumber(p.IdNumber) : p.IdNumber,
                maskIdentity ? PersonalDataMask.MaskPhone(p.Phone) : p.Phone))]);
}
