using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain;
using Mediation.Domain.Access;
using Mediation.Domain.Cases;
using Mediation.Domain.Organizations;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Organizations;

public sealed record OrganizationView(Guid Id, string Name, OrganizationKind Kind, string Address, string? ContactPhone, Guid? DockingCourtId,
    string? DockingCourtName, IReadOnlyList<ClaimCategory> AcceptedCategories, bool Suspended, Guid Version);

/// <summary>An organization as registered or edited. <see cref="Version"/> is ignored on registration.</summary>
public sealed record OrganizationRequest(string Name, OrganizationKind Kind, string Address, string? ContactPhone, Guid? DockingCourtId,
    List<ClaimCategory>? AcceptedCategories, bool Suspended, Guid Version);

/// <summary>
/// The platform's register of mediation organizations (the courts they dock with are in Courts/). Platform admins
/// register and suspend organizations; an organization's admin keeps its own contact telephone and accepted dispute
/// types; all staff read the directory (a transfer names the receiving organization, a court delegates to one).
/// </summary>
public static class OrganizationApi
{
    public static IEndpointRouteBuilder MapOrganizationApi(this IEndpointRouteBuilder app)
    {
        var organizations = app.MapGroup("/api/organizations").WithTags("Organizations");
        organizations.MapGet("/", ListAsync).RequireAuthorization(Policies.Staff);
        organizations.MapPost("/", RegisterAsync).RequireAuthorization(Policies.PlatformAdmin);
        organizations.MapPut("/{organizationId:guid}", UpdateAsync).RequireAuthorization(Policies.Staff);
        return app;
    }

    private static async Task<Ok<List<OrganizationView>>> ListAsync(MediationDbContext db, CancellationToken ct)
    {
        var courts = await db.Courts.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        return TypedResults.Ok(organizations.Select(o => View(o, courts)).ToList());
    }

    private static async Task<Results<Created<OrganizationView>, ProblemHttpResult>> RegisterAsync(
        OrganizationRequest request, MediationDbContext db, ILogger<OrganizationRequest> logger, CancellationToken ct)
    {
        if (await CheckCourtAsync(db, request.DockingCourtId, ct) is { } noCourt)
        {
            return noCourt;
        }

        var missing = new FieldErrors().Required("name", request.Name, TextLimits.OrganizationName).Text("address", request.Address, TextLimits.Address);
        if (missing.Count > 0)
        {
            return Problems.Validation("The organization is incomplete.", missing);
        }

        // Registered with every rule of an edit: the constructor takes the identity, Update checks the rest.
        var organization = new MediationOrganization(request.Name, request.Kind, request.Address ?? "", request.DockingCourtId);
        var result = organization.Update(request.Name ?? "", request.Kind, request.Address ?? "", request.ContactPhone, request.DockingCourtId,
            request.AcceptedCategories ?? [.. Enum.GetValues<ClaimCategory>()], request.Suspended);
        if (!result.IsOk)
        {
            return Problems.Refused(result);
        }

        if (await db.Organizations.AnyAsync(o => o.Name == organization.Name, ct))
        {
            return OrganizationExists();
        }

        db.Organizations.Add(organization);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Organization {OrganizationId} registered: {Name}", organization.Id, organization.Name);
        return TypedResults.Created($"/api/organizations/{organization.Id}", View(organization, await CourtNamesAsync(db, ct)));
    }

    /// <summary>A platform admin edits everything; the organization's own admin only its contact telephone and the
    /// kinds of dispute it accepts (name, kind, address, court and suspension are the register's).</summary>
    private static async Task<Results<Ok<OrganizationView>, ProblemHttpResult>> UpdateAsync(
        Guid organizationId, OrganizationRequest request, ClaimsPrincipal user, MediationDbContext db, CancellationToken ct)
    {
        var organization = await db.Organizations.FindAsync([organizationId], ct);
        if (organization is null)
        {
            return Problems.NotFound("organization-not-found", "No such mediation organization.");
        }

        var platformAdmin = user.IsInRole(Roles.PlatformAdmin);
        var ownAdmin = user.IsInRole(Roles.OrgAdmin) && user.OrganizationId() == organizationId;
        if (!platformAdmin && !ownAdmin)
        {
            return Problems.Forbidden("organization-forbidden", "Only a platform admin or the organization's own admin edits it.");
        }

        if (request.Version != organization.Version)
        {
            return Problems.StaleVersion("organization-version-conflict", "organization");
        }

        if (platformAdmin && await CheckCourtAsync(db, request.DockingCourtId, ct) is { } noCourt)
        {
            return noCourt;
        }

        var result = platformAdmin
            ? organization.Update(request.Name ?? "", request.Kind, request.Address ?? "", request.ContactPhone, request.DockingCourtId,
                request.AcceptedCategories ?? [], request.Suspended)
            : organization.Update(organization.Name, organization.Kind, organization.Address, request.ContactPhone, organization.DockingCourtId,
                request.AcceptedCategories ?? [], organization.Suspended);
        if (!result.IsOk)
        {
            return Problems.Refused(result);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.StaleVersion("organization-version-conflict", "organization");
        }
        catch (DbUpdateException)
        {
            return OrganizationExists();
        }

        return TypedResults.Ok(View(organization, await CourtNamesAsync(db, ct)));
    }

    private static ProblemHttpResult OrganizationExists() =>
        Problems.Of(StatusCodes.Status409Conflict, "organization-exists", "An organization with this name is registered already.");

    private static async Task<ProblemHttpResult?> CheckCourtAsync(MediationDbContext db, Guid? courtId, CancellationToken ct) =>
        courtId is { } id && !await db.Courts.AnyAsync(c => c.Id == id, ct)
            ? Problems.Validation("No such court.", "dockingCourtId", "court-not-found", "Choose a registered court.")
            : null;

    private static Task<Dictionary<Guid, string>> CourtNamesAsync(MediationDbContext db, CancellationToken ct) =>
        db.Courts.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);

    private static OrganizationView View(MediationOrganization o, Dictionary<Guid, string> courts) =>
        new(o.Id, o.Name, o.Kind, o.Address, o.ContactPhone, o.DockingCourtId, o.DockingCourtId is { } c ? courts.GetValueOrDefault(c) : null,
            o.AcceptedCategories, o.Suspended, o.Version);
}
