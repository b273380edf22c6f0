using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Domain.Cases;
using Mediation.Server.Access;

namespace Mediation.Server.Cases;

/// <summary>The cases a staff member's lists show: an organization admin the organization's, a mediator those
/// assigned to them, a court clerk those their court delegated; nobody else any. (Each case's own endpoints check
/// access again through <see cref="CaseAccess"/>.)</summary>
public static class CaseScope
{
    public static IQueryable<Case>? For(ClaimsPrincipal user, MediationDbContext db)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var orgId = user.OrganizationId();
        if (orgId is not null && user.IsInRole(Roles.OrgAdmin))
        {
            return db.Cases.Where(c => c.OrganizationId == orgId);
        }

        if (orgId is not null && user.IsInRole(Roles.Mediator))
        {
            return db.Cases.Where(c => c.OrganizationId == orgId && c.MediatorUserId == userId);
        }

        return user.IsInRole(Roles.CourtClerk) && user.CourtId() is { } courtId ? db.Cases.Where(c => c.DelegatingCourtId == courtId) : null;
    }
}
