using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain;
using Mediation.Domain.Cases;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Cases;

/// <summary>A dispute a court delegates before filing (委派调解). <see cref="CourtReference"/> is the court's own number for
/// it: sending the same reference again returns the case already made (the docking retries safely).</summary>
public sealed record DelegationRequest(
    Guid OrganizationId, string CourtReference, string Subject, string Facts, DateTime? ReceivedAtUtc,
    List<PartyRequest> Applicants, List<PartyRequest> Respondents, List<ClaimRequest> Claims);

public sealed record DelegationOrganization(Guid Id, string Name, string Address, IReadOnlyList<ClaimCategory> AcceptedCategories);

/// <summary>
/// Intake channel 3: court-delegated cases (在线调解规则 art. 2, 委派). A court clerk, from the court's portal or
/// through the docking's API, sends a dispute to a mediation organization that docks with the court; the case
/// arrives as an application the organization accepts or declines like any other, and the court's clerks follow
/// it. The machine-to-machine docking (its own credentials, the outbox back to the court) builds on this.
/// </summary>
public static class CourtDelegationApi
{
    public static IEndpointRouteBuilder MapCourtDelegationApi(this IEndpointRouteBuilder app)
    {
        var court = app.MapGroup("/api/court").WithTags("Court delegation").RequireAuthorization(Policies.CourtClerk);
        court.MapGet("/organizations", OrganizationsAsync);
        court.MapPost("/delegations", DelegateAsync);
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
        DelegationRequest request, ClaimsPrincipal user, MediationDbContext db, StatutoryDeadlines deadlines, TimeProvider time,
        ILogger<DelegationRequest> logger, CancellationToken ct)
    {
        if (user.CourtId() is not { } courtId)
        {
            return Problems.Forbidden("court-required", "The account belongs to no court.");
        }

        var reference = request.CourtReference?.Trim() ?? "";
        if (new FieldErrors().Required("courtReference", reference, TextLimits.CourtReference) is { Count: > 0 } referenceErrors)
        {
            return Problems.Validation("The delegation is incomplete.", referenceErrors);
        }

        // The case the delegation made, not a continuation of it in another organization (移送 keeps the court's reference).
        Task<Case?> FindDelegatedAsync() => db.Cases.WithPeople()
            .FirstOrDefaultAsync(c => c.DelegatingCourtId == courtId && c.CourtReference == reference && c.TransferredFromCaseId == null, ct);
        Task<CaseDetail> DetailAsync(Case @case) => CaseApi.DetailAsync(new CaseAccessGrant(@case, CaseRole.CourtClerk, null), db, deadlines, time, ct);

        if (await FindDelegatedAsync() is { } existing)
        {
            return TypedResults.Ok(await DetailAsync(existing));
        }

        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == request.OrganizationId, ct);
        if (organization is null || organization.DockingCourtId != courtId)
        {
            return Problems.Validation("The organization does not dock with your court.",
                "organizationId", "organization-not-docking", "Choose an organization that docks with your court.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var intake = new CaseIntake(IntakeChannel.CourtDelegated, request.Subject ?? "", request.Facts ?? "", request.ReceivedAtUtc ?? now,
            [.. (request.Applicants ?? []).Select(CaseIntakeApi.ToIntake)], [.. (request.Respondents ?? []).Select(CaseIntakeApi.ToIntake)],
            [.. (request.Claims ?? []).Select(c => new DisputeClaim(c.Category, c.Description ?? "", c.Amount, c.Obligor))]);
        var errors = CaseIntakeRules.Validate(intake, organization, now);
        if (errors.Count > 0)
        {
            return Problems.Validation("The delegation is incomplete.", errors);
        }

        var actor = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        Case @case;
        try
        {
            @case = await CaseNumbering.SaveNewAsync(db, organization.Id, intake.ReceivedAtUtc, number =>
            {
                var created = CaseIntakeRules.Register(intake, organization.Id, number, actor);
                created.DelegatedBy(courtId, reference);
                return created;
            }, ct);
        }
        catch (DbUpdateException)
        {
            // The same reference arrived twice at once: the unique index kept one; answer with it.
            db.ChangeTracker.Clear();
            return TypedResults.Ok(await DetailAsync((await FindDelegatedAsync())!));
        }

        logger.LogInformation("Case {CaseId} delegated by court {CourtId} as {Number} (court reference {CourtReference})", @case.Id, courtId, @case.Number, reference);
        return TypedResults.Created($"/api/cases/{@case.Id}", await DetailAsync(@case));
    }
}
