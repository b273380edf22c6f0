using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Domain.Cases;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Access;

/// <summary>How the caller stands towards one case.</summary>
public enum CaseRole
{
    /// <summary>An admin of the organization that holds the case.</summary>
    OrgAdmin,
    /// <summary>The mediator assigned to the case.</summary>
    Mediator,
    /// <summary>A party of the case, in that party's scoped session.</summary>
    Party,
}

public sealed record CaseAccessGrant(Case Case, CaseRole Role, Guid? PartyId);

/// <summary>
/// The one place that decides who may touch a case: the holding organization's admins, the assigned mediator,
/// and the parties of that very case. Every case-scoped endpoint (and later hub method) asks here.
/// </summary>
public sealed class CaseAccess(MediationDbContext db)
{
    public async Task<Results<Ok<CaseAccessGrant>, ProblemHttpResult>> CheckAsync(ClaimsPrincipal user, Guid caseId, CancellationToken ct)
    {
        var @case = await db.Cases.Include(c => c.Parties).FirstOrDefaultAsync(c => c.Id == caseId, ct);
        if (user.IsInRole(Roles.Party))
        {
            // A party's session names its case; any other case, existing or not, is simply not theirs.
            var scopedCase = user.FindFirstValue(PartyAuthentication.CaseIdClaim);
            if (@case is null || !Guid.TryParse(scopedCase, out var scoped) || scoped != caseId
                || !Guid.TryParse(user.FindFirstValue(PartyAuthentication.PartyIdClaim), out var partyId))
            {
                return Problems.Forbidden("case-forbidden", "This session is for another case.",
                    "Open the invite link you received for this case.");
            }

            return TypedResults.Ok(new CaseAccessGrant(@case, CaseRole.Party, partyId));
        }

        if (@case is null)
        {
            return Problems.NotFound("case-not-found", "No such case.");
        }

        var organization = user.FindFirstValue(StaffClaimsPrincipalFactory.OrganizationIdClaim);
        var sameOrganization = Guid.TryParse(organization, out var orgId) && orgId == @case.OrganizationId;
        if (sameOrganization && user.IsInRole(Roles.OrgAdmin))
        {
            return TypedResults.Ok(new CaseAccessGrant(@case, CaseRole.OrgAdmin, null));
        }

        if (sameOrganization && user.IsInRole(Roles.Mediator) && @case.MediatorUserId == user.FindFirstValue(ClaimTypes.NameIdentifier))
        {
            return TypedResults.Ok(new CaseAccessGrant(@case, CaseRole.Mediator, null));
        }

        return Problems.Forbidden("case-forbidden", "You have no access to this case.");
    }
}
