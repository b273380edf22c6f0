using System.Security.Claims;
using Mediation.Data;
using Mediation.Documents.Templates;
using Mediation.Domain.Access;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Agreements;

/// <summary>The adjustable paragraphs of an organization's 调解协议书 as its staff read and its admin writes them.</summary>
public sealed record AgreementWordingView(int Version, bool IsPlatform, string Recital, string Effect, string Remedies, string Copies, DateTime? ChangedAtUtc);

public sealed record AgreementWordingRequest(string Recital, string Effect, string Remedies, string Copies);

/// <summary>
/// An organization words its agreements its own way: the recital, the effect, the remedies and the copies, with
/// {organization}, {receivedOn} and {subject} filled from the case. Each change is a new version (a frozen agreement
/// records the version that made it); none may say the agreement is directly enforceable.
/// </summary>
public static class AgreementWordingApi
{
    internal static IEndpointRouteBuilder MapAgreementWordingApi(this IEndpointRouteBuilder app)
    {
        var wording = app.MapGroup("/api/organizations/{organizationId:guid}/agreement-wording").WithTags("Agreements").RequireAuthorization(Policies.Staff);
        wording.MapGet("/", GetAsync).WithSummary("The wording the organization's agreements are made with now (the platform's until it has its own)");
        wording.MapPut("/", SaveAsync).WithSummary("The organization's admin words the paragraphs anew: a new version, used from the next agreement frozen");
        return app;
    }

    private static async Task<Results<Ok<AgreementWordingView>, ProblemHttpResult>> GetAsync(
        Guid organizationId, ClaimsPrincipal user, MediationDbContext db, AgreementDocuments documents, CancellationToken ct)
    {
        // The organization's own staff read it (a mediator sees what the documents will say); platform admins too.
        var own = user.OrganizationId() == organizationId && (user.IsInRole(Roles.OrgAdmin) || user.IsInRole(Roles.Mediator));
        if (!own && !user.IsInRole(Roles.PlatformAdmin))
        {
            return Forbidden();
        }

        return await db.Organizations.AnyAsync(o => o.Id == organizationId, ct)
            ? TypedResults.Ok(View(await documents.WordingAsync(organizationId, ct)))
            : Problems.NotFound("organization-not-found", "There is no such organization.");
    }

    private static async Task<Results<Ok<AgreementWordingView>, ProblemHttpResult>> SaveAsync(
        Guid organizationId, AgreementWordingRequest request, ClaimsPrincipal user, MediationDbContext db, AgreementDocuments documents, TimeProvider time,
        CancellationToken ct)
    {
        if (!user.IsInRole(Roles.OrgAdmin) || user.OrganizationId() != organizationId)
        {
            return Forbidden();
        }

        var (current, _) = await documents.WordingAsync(organizationId, ct);
        var next = new AgreementWording(current.Version + 1, (request.Recital ?? "").Trim(), (request.Effect ?? "").Trim(), (request.Remedies ?? "").Trim(),
            (request.Copies ?? "").Trim());
        var valid = next.Validate();
        if (!valid.IsOk)
        {
            return Problems.Refused(valid);
        }

        db.AgreementWordings.Add(new AgreementWordingVersion(organizationId, next.Version, next.Recital, next.Effect, next.Remedies, next.Copies,
            user.FindFirstValue(ClaimTypes.NameIdentifier)!, time.GetUtcNow().UtcDateTime));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another admin saved a version in the same moment: theirs stands; read it and word it again.
            return Problems.StaleVersion("agreement-wording-changed", "agreement wording");
        }

        return TypedResults.Ok(View(await documents.WordingAsync(organizationId, ct)));
    }

    private static AgreementWordingView View((AgreementWording Wording, DateTime? ChangedAtUtc) current) =>
        new(current.Wording.Version, current.Wording.Version == AgreementWording.Platform.Version, current.Wording.Recital, current.Wording.Effect,
            current.Wording.Remedies, current.Wording.Copies, current.ChangedAtUtc);

    private static ProblemHttpResult Forbidden() =>
        Problems.Forbidden("agreement-wording-forbidden", "The organization's own staff read its wording; its admin alone changes it.");
}
