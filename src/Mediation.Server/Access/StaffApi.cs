using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain;
using Mediation.Domain.Access;
using Mediation.Domain.Sessions;
using Mediation.Server.Hosting;
using Mediation.Server.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Access;

public sealed record StaffAccount(string Id, string Email, string DisplayName, string Role, Guid? OrganizationId, Guid? CourtId, bool Disabled, bool TwoFactorEnabled);

/// <summary>A new staff account. The password is the initial one the admin hands over; the holder changes it.</summary>
public sealed record NewStaffAccount(string Email, string DisplayName, string Role, Guid? OrganizationId, Guid? CourtId, string Password);

public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

/// <summary>
/// Staff accounts. A platform admin creates any account: the first admin of a newly registered organization,
/// court clerks for a court, other platform admins. An organization's admin creates its mediators and admins.
/// Accounts are disabled, never deleted: cases and audit entries keep naming them.
/// </summary>
public static class StaffApi
{
    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/staff").WithTags("Staff").RequireAuthorization(Policies.Staff);
        staff.MapGet("/", ListAsync);
        staff.MapPost("/", CreateAsync);
        staff.MapPost("/{userId}/disable", (string userId, ClaimsPrincipal user, UserManager<StaffUser> users, SessionEvictions evictions) =>
            SetDisabledAsync(userId, true, user, users, evictions));
        staff.MapPost("/{userId}/enable", (string userId, ClaimsPrincipal user, UserManager<StaffUser> users, SessionEvictions evictions) =>
            SetDisabledAsync(userId, false, user, users, evictions));
        app.MapPost("/api/account/password", ChangePasswordAsync).WithTags("Access").RequireAuthorization(Policies.StaffSignedIn);
        return app;
    }

    private static async Task<Results<Ok<List<StaffAccount>>, ProblemHttpResult>> ListAsync(ClaimsPrincipal user, MediationDbContext db, TimeProvider time, CancellationToken ct)
    {
        var scope = ScopeOf(user);
        if (scope is Scope.None)
        {
            return Problems.Forbidden("staff-forbidden", "Only platform and organization admins manage accounts.");
        }

        var organizationId = user.OrganizationId();
        var accounts = db.Users.AsNoTracking().Where(u => scope == Scope.Platform || u.OrganizationId == organizationId);
        var roles = from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name };
        var rows = await (from u in accounts
                          join r in roles on u.Id equals r.UserId
                          orderby u.DisplayName
                          select new { u, Role = r.Name! }).ToListAsync(ct);
        var now = time.GetUtcNow();
        return TypedResults.Ok(rows.Select(x => new StaffAccount(x.u.Id, x.u.Email ?? "", x.u.DisplayName, x.Role, x.u.OrganizationId, x.u.CourtId,
            x.u.LockoutEnd is { } end && end > now.AddYears(50), x.u.TwoFactorEnabled)).ToList());
    }

    private static async Task<Results<Created<StaffAccount>, ProblemHttpResult>> CreateAsync(
        NewStaffAccount request, ClaimsPrincipal user, UserManager<StaffUser> users, MediationDbContext db, ILogger<NewStaffAccount> logger, CancellationToken ct)
    {
        var scope = ScopeOf(user);
        var errors = new FieldErrors();
        if (scope is Scope.None || (scope is Scope.Organization && request.Role is not (Roles.OrgAdmin or Roles.Mediator)))
        {
            return Problems.Forbidden("staff-forbidden", scope is Scope.None
                ? "Only platform and organization admins create accounts."
                : "An organization's admin creates mediators and admins of the organization.");
        }

        if (!Roles.Staff.Contains(request.Role))
        {
            errors.Add("role", "role-invalid", $"One of {string.Join(", ", Roles.Staff)}.");
        }

        errors.Required("displayName", request.DisplayName, TextLimits.DisplayName).Required("email", request.Email, TextLimits.Email);

        // An organization's admin always creates into their own organization.
        var organizationId = scope is Scope.Organization ? user.OrganizationId() : request.OrganizationId;
        var courtId = request.CourtId;
        if (request.Role is Roles.OrgAdmin or Roles.Mediator)
        {
            courtId = null;
            if (organizationId is not { } org || !await db.Organizations.AnyAsync(o => o.Id == org, ct))
            {
                errors.Add("organizationId", "organization-required", "Choose the organization the account belongs to.");
            }
        }
        else if (request.Role is Roles.CourtClerk)
        {
            organizationId = null;
            if (courtId is not { } court || !await db.Courts.AnyAsync(c => c.Id == court, ct))
            {
                errors.Add("courtId", "court-required", "Choose the court the clerk works for.");
            }
        }
        else
        {
            (organizationId, courtId) = (null, null);
        }

        if (errors.Count > 0)
        {
            return Problems.Validation("The account is incomplete.", errors);
        }

        var account = new StaffUser
        {
            UserName = request.Email?.Trim(),
            Email = request.Email?.Trim(),
            EmailConfirmed = true,
            DisplayName = request.DisplayName!.Trim(),
            OrganizationId = organizationId,
            CourtId = courtId,
        };
        var created = await users.CreateAsync(account, request.Password ?? "");
        if (!created.Succeeded)
        {
            return Problems.Validation("The account was not created.", IdentityFieldErrors.Of(created.Errors, "password", users.Options.Password.RequiredLength));
        }

        await users.AddToRoleAsync(account, request.Role);
        logger.LogInformation("Staff account {UserId} created as {Role} by {Actor}", account.Id, request.Role, user.FindFirstValue(ClaimTypes.NameIdentifier));
        return TypedResults.Created($"/api/staff/{account.Id}",
            new StaffAccount(account.Id, account.Email!, account.DisplayName, request.Role, organizationId, courtId, false, false));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetDisabledAsync(string userId, bool disabled, ClaimsPrincipal user, UserManager<StaffUser> users,
        SessionEvictions evictions)
    {
        var scope = ScopeOf(user);
        var account = await users.FindByIdAsync(userId);
        if (scope is Scope.None || account is null || (scope is Scope.Organization && account.OrganizationId != user.OrganizationId()))
        {
            return scope is Scope.None
                ? Problems.Forbidden("staff-forbidden", "Only platform and organization admins manage accounts.")
                : Problems.NotFound("staff-not-found", "No such account among those you manage.");
        }

        if (account.Id == user.FindFirstValue(ClaimTypes.NameIdentifier))
        {
            return Problems.Of(StatusCodes.Status409Conflict, "staff-self", "You cannot disable your own account.");
        }

        await users.SetLockoutEnabledAsync(account, true);
        await users.SetLockoutEndDateAsync(account, disabled ? DateTimeOffset.MaxValue : null);
        // A new security stamp ends the account's sessions at their next check (Security:StaffSessionRecheckInterval);
        // its live-session connections end now.
        await users.UpdateSecurityStampAsync(account);
        if (disabled)
        {
            await evictions.EvictAsync(SessionPerson.Staff(account.Id), caseId: null);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, ClaimsPrincipal user, UserManager<StaffUser> users, SignInManager<StaffUser> signIn)
    {
        var account = await users.GetUserAsync(user);
        if (account is null)
        {
            return Problems.Forbidden("staff-forbidden", "Sign in again.");
        }

        var changed = await users.ChangePasswordAsync(account, request.CurrentPassword ?? "", request.NewPassword ?? "");
        if (!changed.Succeeded)
        {
            return Problems.Validation("The password was not changed.", IdentityFieldErrors.Of(changed.Errors, "newPassword", users.Options.Password.RequiredLength));
        }

        // The new security stamp signs out other devices; this one stays signed in.
        await signIn.RefreshSignInAsync(account);
        return TypedResults.NoContent();
    }

    private enum Scope
    {
        None,
        Organization,
        Platform,
    }

    private static Scope ScopeOf(ClaimsPrincipal user) =>
        user.IsInRole(Roles.PlatformAdmin) ? Scope.Platform
        : user.IsInRole(Roles.OrgAdmin) && user.OrganizationId() is not null ? Scope.Organization
        : Scope.None;
}
