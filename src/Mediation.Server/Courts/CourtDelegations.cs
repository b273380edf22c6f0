using Mediation.Data;
using Mediation.Domain;
using Mediation.Domain.Cases;
using Mediation.Server.Cases;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Courts;

/// <summary>
/// The one intake of a court-delegated dispute (委派调解), whether a clerk sends it from the portal or the court's
/// system over the docking: to an organization that docks with the court, idempotent by the court's own reference
/// (the same reference again answers with the case it made), arriving as an application like any other.
/// </summary>
public sealed class CourtDelegations(MediationDbContext db, TimeProvider time, ILogger<CourtDelegations> logger)
{
    public async Task<(Case? Case, bool Created, ProblemHttpResult? Refused)> DelegateAsync(Guid courtId, DelegationRequest request, string actor, CancellationToken ct)
    {
        var reference = request.CourtReference?.Trim() ?? "";
        if (new FieldErrors().Required("courtReference", reference, TextLimits.CourtReference) is { Count: > 0 } referenceErrors)
        {
            return (null, false, Problems.Validation("The delegation is incomplete.", referenceErrors));
        }

        // The case the delegation made, not a continuation of it in another organization (移送 keeps the court's reference).
        Task<Case?> FindDelegatedAsync() => db.Cases.WithPeople()
            .FirstOrDefaultAsync(c => c.DelegatingCourtId == courtId && c.CourtReference == reference && c.TransferredFromCaseId == null, ct);

        if (await FindDelegatedAsync() is { } existing)
        {
            return (existing, false, null);
        }

        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == request.OrganizationId, ct);
        if (organization is null || organization.DockingCourtId != courtId)
        {
            return (null, false, Problems.Validation("The organization does not dock with your court.",
                "organizationId", "organization-not-docking", "Choose an organization that docks with your court."));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var intake = new CaseIntake(IntakeChannel.CourtDelegated, request.Subject ?? "", request.Facts ?? "", request.ReceivedAtUtc ?? now,
            [.. (request.Applicants ?? []).Select(CaseIntakeApi.ToIntake)], [.. (request.Respondents ?? []).Select(CaseIntakeApi.ToIntake)],
            [.. (request.Claims ?? []).Select(c => new DisputeClaim(c.Category, c.Description ?? "", c.Amount, c.Obligor))]);
        var errors = CaseIntakeRules.Validate(intake, organization, now);
        if (errors.Count > 0)
        {
            return (null, false, Problems.Validation("The delegation is incomplete.", errors));
        }

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
            return ((await FindDelegatedAsync())!, false, null);
        }

        logger.LogInformation("Case {CaseId} delegated by court {CourtId} as {Number} (court reference {CourtReference})", @case.Id, courtId, @case.Number, reference);
        return (@case, true, null);
    }
}
