using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Cases;
using Mediation.Server.Access;
using Mediation.Server.Cases;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Courts;

/// <summary>A dispute a court delegates before filing (委派调解). <see cref="CourtReference"/> is the court's own number for
/// it: sending the same reference again returns the case already made (the docking retries safely).</summary>
public sealed record DelegationRequest(
    Guid OrganizationId, string CourtReference, string Subject, string Facts, DateTime? ReceivedAtUtc,
    List<PartyRequest> Applicants, List<PartyRequest> Respondents, List<ClaimRequest> Claims);

public sealed record DelegationOrganization(Guid Id, string Name, string Address, IReadOnlyList<ClaimCategory> AcceptedCategories);

/// <summary>
/// Intake channel 3: court-delegated cases (在线调解规则 art. 2, 委派), from a court clerk on the portal: a dispute to a
/// mediation organization that docks with the court, which arrives as an application the organization accepts or
/// declines like any other, and which the court's clerks follow. The court's system sends the same over the docking
/// (<see cref="CourtDockingApi"/>); both end in <see cref="CourtDelegations"/>.
/// </summary>
public static class CourtDelegationApi
{
    public static IEndpointRouteBuilder MapCourtDelegationApi(this IEndpointRouteBuilder app)
    {
        var court = app.MapGroup("/api/court").WithTags("Court delegation").RequireAuthorization(Policies.CourtClerk);
        court.MapGet("/organizations", OrganizationsAsync).WithSummary("The organizations that dock with the clerk's court");
        court.MapPost("/delegations", DelegateAsync).WithSummary("A clerk delegates a dispute to one of them (idempotent by the court's reference)");
        return app;
    }

    /// <summary>The organizations that dock with the clerk's court: where it may delegate.</summary>
    private static async Task<Results<Ok<List<DelegationOrganization>>, ProblemHttpResult>> OrganizationsAsync(ClaimsPrincipal user, MediationDbContext db, CancellationToken ct)
    {
        if (user.CourtId() is not { } courtId)
        {
            return Problems.Forbidden("court-required", "The account belongs to no court.");
        }

        var organizations = await db.Organizations.AsNoTracking().Where(o => o.DockingCourtId == courtId && !o.Suspended).OrderBy(o => o.Name).ToListAsync(ct);
        return TypedResults.Ok(organizations.Select(o => new DelegationOrganization(o.Id, o.Name, o.Address, o.AcceptedCategories)).ToList());
    }

    private static async Task<Results<Created<CaseDetail>, Ok<CaseDetail>, ProblemHttpResult>> DelegateAsync(
        DelegationRequest request, ClaimsPrincipal user, CourtDelegations delegations, MediationDbContext db, StatutoryDeadlines deadlines, TimeProvider time,
        CancellationToken ct)
    {
        if (user.CourtId() is not { } courtId)
        {
            return Problems.Forbidden("court-required", "The account belongs to no court.");
        }

        var (@case, created, refused) = await delegations.DelegateAsync(courtId, request, user.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
        if (refused is not null)
        {
            return refused;
        }

        var detail = await CaseApi.DetailAsync(new CaseAccessGrant(@case!, CaseRole.CourtClerk, null), db, deadlines, time, ct);
        return created ? TypedResults.Created($"/api/cases/{@case!.Id}", detail) : TypedResults.Ok(detail);
    }
}
