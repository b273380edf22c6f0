using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Domain.Cases;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Cases;

public sealed record PartyRequest(PartyKind Kind, string Name, string? IdNumber, string Phone, string? Address = null, string? Workplace = null,
    string? LegalRepresentative = null, Gender? Gender = null, DateOnly? BirthDate = null, string? Ethnicity = null, bool IsRepresentative = false);

public sealed record ClaimRequest(ClaimCategory Category, string Description, decimal? Amount, PartySide? Obligor = null);

/// <summary>A written (Staff) or oral (Oral) application registered by staff. <see cref="ReceivedAtUtc"/> defaults
/// to now; for an oral application it is the time the applicant spoke.</summary>
public sealed record RegisterCaseRequest(
    IntakeChannel Channel, string Subject, string Facts, DateTime? ReceivedAtUtc,
    List<PartyRequest> Applicants, List<PartyRequest> Respondents, List<ClaimRequest> Claims);

public static class CaseIntakeApi
{
    internal static RouteGroupBuilder MapCaseIntake(this RouteGroupBuilder cases)
    {
        cases.MapPost("/", RegisterAsync).RequireAuthorization(Policies.Staff);
        return cases;
    }

    private static async Task<Results<Created<CaseDetail>, ProblemHttpResult>> RegisterAsync(
        RegisterCaseRequest request, ClaimsPrincipal user, MediationDbContext db, StatutoryDeadlines deadlines, TimeProvider time,
        ILogger<RegisterCaseRequest> logger, CancellationToken ct)
    {
        if (user.OrganizationId() is not { } organizationId
            || !(user.IsInRole(Roles.OrgAdmin) || user.IsInRole(Roles.Mediator)))
        {
            return Problems.Forbidden("organization-required", "Only staff of a mediation organization register cases.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var intake = new CaseIntake(request.Channel, request.Subject ?? "", request.Facts ?? "", request.ReceivedAtUtc ?? now,
            [.. (request.Applicants ?? []).Select(ToIntake)], [.. (request.Respondents ?? []).Select(ToIntake)],
            [.. (request.Claims ?? []).Select(c => new DisputeClaim(c.Category, c.Description ?? "", c.Amount, c.Obligor))]);
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == organizationId, ct);
        var errors = CaseIntakeRules.Validate(intake, organization, now);
        if (request.Channel is not (IntakeChannel.Staff or IntakeChannel.Oral))
        {
            // Online and court-delegated applications arrive through their own channels, never typed in by staff.
            errors.Add("channel", "channel-invalid", "Staff register written (Staff) or oral (Oral) applications.");
        }

        if (errors.Count > 0)
        {
            return Problems.Validation("The application is incomplete.", errors);
        }

        var actor = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var @case = await CaseNumbering.SaveNewAsync(db, organizationId, intake.ReceivedAtUtc, number => CaseIntakeRules.Register(intake, organizationId, number, actor), ct);
        logger.LogInformation("Case {CaseId} registered as {Number} ({Channel})", @case.Id, @case.Number, intake.Channel);
        var grant = new CaseAccessGrant(@case, user.IsInRole(Roles.OrgAdmin) ? CaseRole.OrgAdmin : CaseRole.Mediator, null);
        return TypedResults.Created($"/api/cases/{@case.Id}", await CaseApi.DetailAsync(grant, db, deadlines, time, ct));
    }

    internal static PartyIntake ToIntake(PartyRequest p) =>
        new(p.Kind, p.Name ?? "", p.IdNumber, p.Phone ?? "", p.Address, p.Workplace, p.LegalRepresentative, p.Gender, p.BirthDate, p.Ethnicity, p.IsRepresentative);
}
