using System.Globalization;
using System.Security.Claims;
using Mediation.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Access;

/// <summary>Puts the staff member's organization and display name into the session, so per-case checks need
/// no extra lookup of the account.</summary>
public sealed class StaffClaimsPrincipalFactory(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser, IdentityRole>(users, roles, options)
{
    public const string OrganizationIdClaim = "org_id";
    public const string DisplayNameClaim = "display_name";
    public const string CourtIdClaim = "court_id";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        if (user.OrganizationId is { } org)
        {
            identity.AddClaim(new Claim(OrganizationIdClaim, org.ToString("D", CultureInfo.InvariantCulture)));
        }

        if (user.CourtId is { } court)
        {
            identity.AddClaim(new Claim(CourtIdClaim, court.ToString("D", CultureInfo.InvariantCulture)));
        }

        return identity;
    }
}

/// <summary>The staff claims read back, in one place.</summary>
public static class StaffClaims
{
    /// <summary>The mediation organization of an organization admin or mediator.</summary>
    public static Guid? OrganizationId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(StaffClaimsPrincipalFactory.OrganizationIdClaim), out var id) ? id : null;

    /// <summary>The court of a court clerk.</summary>
    public static Guid? CourtId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(StaffClaimsPrincipalFactory.CourtIdClaim), out var id) ? id : null;
}
