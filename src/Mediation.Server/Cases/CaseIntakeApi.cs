using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Domain.Cases;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Cases;

public sealed record PartyRequest(PartyKind Kind, string Name, string? IdNumber, string Phone, string? Address = null, string? Workplace = null, string? LegalRepresentative = null);

public sealed record ClaimRequest(ClaimCategory Category, string Description, decimal? Amount, PartySide? Obligor = null);

/// <summary>A written (Staff) or oral (Oral) application registered by staff. <see cref="ReceivedAtUtc"/> defaults
/// to now; for an oral application it is the time the applicant spoke.</summary>
public sealed record RegisterCaseRequest(
    IntakeChannel Channel, string Subject, string Facts, DateTime? ReceivedAtUtc,
    List<PartyRequest> Applicants, List<PartyRequest> Respondents, List<ClaimRequest> Claims);

public static class CaseIntakeApi
{
    /// <summary>The word before the year in case numbers (劳调〔2026〕第0001号).</summary>
    public const string NumberPrefix = "劳调";

    internal static RouteGroupBuilder MapCaseIntake(this RouteGroupBuilder cases)
    {
        cases.MapPost("/", RegisterAsync).RequireAuthorization(Policies.Staff);
        return cases;
    }

    private static async Task<Results<Created<CaseDetail>, ProblemHttpResult>> RegisterAsync(
        RegisterCaseRequest request, ClaimsPrincipal user, MediationDbContext db, StatutoryDeadlines deadlines, TimeProvider time,
        ILogger<RegisterCaseRequest> logger, CancellationToken ct)
    {
        if (!Guid.TryParse(user.FindFirstValue(StaffClaimsPrincipalFactory.OrganizationIdClaim), out var organizationId)
            || !(user.IsInRole(Roles.OrgAdmin) || user.IsInRole(Roles.Mediator)))
        {
            return Problems.Forbidden("organization-required", "Only staff of a mediation organization register cases.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var intake = new CaseIntake(request.Channel, request.Subject ?? "", request.Facts ?? "", request.ReceivedAtUtc ?? now,
            [.. (request.Applicants ?? []).Select(ToIntake)], [.. (request.Respondents ?? []).Select(ToIntake)],
            [.. (request.Claims ?? []).Select(c => new DisputeClaim(c.Category, c.Description ?? "", c.Amount, c.Obligor))]);
        var errors = CaseIntakeRules.Validate(intake, now);
        if (errors.Count > 0)
        {
            return Problems.Validation("The application is incomplete.", errors);
        }

        var actor = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var year = CaseIntakeRules.YearOf(intake.ReceivedAtUtc);
        for (var attempt = 0; ; attempt++)
        {
            var number = CaseNumber.Format(NumberPrefix, year, await NextSequenceAsync(db, organizationId, year, ct));
            var @case = CaseIntakeRules.Register(intake, organizationId, number, actor);
            db.Cases.Add(@case);
            try
            {
                await db.SaveChangesAsync(ct);
                logger.LogInformation("Case {CaseId} registered as {Number} ({Channel})", @case.Id, number, intake.Channel);
                var grant = new CaseAccessGrant(@case, user.IsInRole(Roles.OrgAdmin) ? CaseRole.OrgAdmin : CaseRole.Mediator, null);
                return TypedResults.Created($"/api/cases/{@case.Id}", await CaseApi.DetailAsync(grant, db, deadlines, time, ct));
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Two registrations took the same number at once: the unique index refused one; take the next.
                db.ChangeTracker.Clear();
            }
        }
    }

    internal static async Task<int> NextSequenceAsync(MediationDbContext db, Guid organizationId, int year, CancellationToken ct)
    {
        var prefix = $"{NumberPrefix}〔{year}〕";
        var numbers = await db.Cases.Where(c => c.OrganizationId == organizationId && c.Number.StartsWith(prefix)).Select(c => c.Number).ToListAsync(ct);
        return numbers.Select(n => CaseNumber.TryParse(n, out _, out _, out var seq) ? seq : 0).DefaultIfEmpty(0).Max() + 1;
    }

    private static PartyIntake ToIntake(PartyRequest p) =>
        new(p.Kind, p.Name ?? "", p.IdNumber, p.Phone ?? "", p.Address, p.Workplace, p.LegalRepresentative);
}
