using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain;
using Mediation.Domain.Courts;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Courts;

public sealed record CourtView(Guid Id, string Name, string Code);
public sealed record CourtRequest(string Name, string Code);

/// <summary>A court's docking key as listed: its id, when it was issued and by whom, and whether it was revoked. The
/// secret is never shown again after it was issued.</summary>
public sealed record DockingKeyView(string KeyId, DateTime CreatedAtUtc, DateTime? RevokedAtUtc);

/// <summary>
/// The courts organizations dock with: platform admins register them, all staff read them (an organization names
/// the court it docks with), and platform admins issue each court the keys its system signs docking requests with
/// (docs/court-docking.md), and revoke them when the court rotates.
/// </summary>
public static class CourtRegistryApi
{
    internal static IEndpointRouteBuilder MapCourtRegistryApi(this IEndpointRouteBuilder app)
    {
        var courts = app.MapGroup("/api/courts").WithTags("Courts");
        courts.MapGet("/", ListCourtsAsync).RequireAuthorization(Policies.Staff).WithSummary("The registered courts");
        courts.MapPost("/", RegisterCourtAsync).RequireAuthorization(Policies.PlatformAdmin).WithSummary("Registers a court");
        courts.MapGet("/{courtId:guid}/docking-keys", KeysAsync).RequireAuthorization(Policies.PlatformAdmin)
            .WithSummary("The court's docking keys (never their secrets)");
        courts.MapPost("/{courtId:guid}/docking-keys", IssueAsync).RequireAuthorization(Policies.PlatformAdmin)
            .WithSummary("Issues the court a docking key: its secret is in this answer only");
        courts.MapPost("/{courtId:guid}/docking-keys/{keyId}/revoke", RevokeAsync).RequireAuthorization(Policies.PlatformAdmin)
            .WithSummary("Revokes a docking key: requests it signs are refused from now on");
        return app;
    }

    private static async Task<Ok<List<CourtView>>> ListCourtsAsync(MediationDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Courts.AsNoTracking().OrderBy(c => c.Name).Select(c => new CourtView(c.Id, c.Name, c.Code)).ToListAsync(ct));

    private static async Task<Results<Created<CourtView>, ProblemHttpResult>> RegisterCourtAsync(CourtRequest request, MediationDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors().Required("name", request.Name, TextLimits.CourtName).Required("code", request.Code, TextLimits.CourtCode);
        if (!errors.Has("code") && !request.Code!.Trim().All(char.IsAsciiLetterOrDigit))
        {
            errors.Add("code", "court-code-characters", "The court's code has letters and digits only.");
        }

        if (errors.Count > 0)
        {
            return Problems.Validation("The court is incomplete.", errors);
        }

        var court = new Court(request.Name!, request.Code!);
        if (await db.Courts.AnyAsync(c => c.Code == court.Code || c.Name == court.Name, ct))
        {
            return Problems.Of(StatusCodes.Status409Conflict, "court-exists", "A court with this name or code is registered already.");
        }

        db.Courts.Add(court);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/courts/{court.Id}", new CourtView(court.Id, court.Name, court.Code));
    }

    private static async Task<Results<Ok<List<DockingKeyView>>, ProblemHttpResult>> KeysAsync(Guid courtId, MediationDbContext db, CancellationToken ct)
    {
        if (!await db.Courts.AnyAsync(c => c.Id == courtId, ct))
        {
            return NoCourt();
        }

        return TypedResults.Ok(await db.CourtDockingKeys.AsNoTracking().Where(k => k.CourtId == courtId).OrderBy(k => k.CreatedAtUtc)
            .Select(k => new DockingKeyView(k.KeyId, k.CreatedAtUtc, k.RevokedAtUtc)).ToListAsync(ct));
    }

    private static async Task<Results<Created<IssuedDockingKey>, ProblemHttpResult>> IssueAsync(
        Guid courtId, ClaimsPrincipal user, MediationDbContext db, DockingKeys keys, ILogger<DockingKeys> logger, CancellationToken ct)
    {
        var court = await db.Courts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == courtId, ct);
        if (court is null)
        {
            return NoCourt();
        }

        var issued = await keys.IssueAsync(court.Id, court.Code, user.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
        logger.LogInformation("Docking key {KeyId} issued to court {CourtId}", issued.KeyId, court.Id);
        return TypedResults.Created($"/api/courts/{courtId}/docking-keys", issued);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid courtId, string keyId, MediationDbContext db, TimeProvider time,
        ILogger<DockingKeys> logger, CancellationToken ct)
    {
        var key = await db.CourtDockingKeys.FirstOrDefaultAsync(k => k.CourtId == courtId && k.KeyId == keyId, ct);
        if (key is null)
        {
            return Problems.NotFound("docking-key-not-found", "The court has no such key.");
        }

        key.Revoke(time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Docking key {KeyId} of court {CourtId} revoked", keyId, courtId);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NoCourt() => Problems.NotFound("court-not-found", "No such court.");
}
