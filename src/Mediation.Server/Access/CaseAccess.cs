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
    /// <summary>A clerk of the court that delegated the case (委派调解): follows it, changes nothing.</summary>
    CourtClerk,
}

public sealed record CaseAccessGrant(Case Case, CaseRole Role, Guid? PartyId);

/// <summary>What the caller means to do with the case.</summary>
public enum CaseAccessMode
{
    /// <summary>Change it, or see what only those who work on it see (invites).</summary>
    Act,
    /// <summary>Only read it: detail, timeline, record, evidence.</summary>
    Read,
}

/// <summary>
/// The one place that decides who may touch a case: the holding organization's admins, the assigned mediator,
/// the parties of that very case, and the clerks of the court that sent it. Every case-scoped endpoint (and later
/// hub method) asks here; what each relation may do is the endpoint's rule.
/// </summary>
public sealed class CaseAccess(MediationDbContext db)
{
    /// <summary>Loads the case with its parties and agents and grants the caller's relation to it, or refuses. A
    /// <see cref="CaseAccessMode.Read"/> loads without change tracking and admits the delegating court's clerks.</summary>
    public async Task<Results<Ok<CaseAccessGrant>, ProblemHttpResult>> CheckAsync(ClaimsPrincipal user, Guid caseId, CancellationToken ct,
        CaseAccessMode mode = CaseAccessMode.Act)
    {
        var cases = mode == CaseAccessMode.Act ? db.Cases : db.Cases.AsNoTracking();
        var @case = await cases.WithPeople().FirstOrDefaultAsync(c => c.Id == caseId, ct);
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

        var sameOrganization = user.OrganizationId() == @case.OrganizationId;
        if (sameOrganization && user.IsInRole(Roles.OrgAdmin))
        {
            return TypedResults.Ok(new CaseAccessGrant(@case, CaseRole.OrgAdmin, null));
        }

        if (sameOrganization && user.IsInRole(Roles.Mediator) && @case.MediatorUserId == user.FindFirstValue(ClaimTypes.NameIdentifier))
        {
            return TypedResults.Ok(new CaseAccessGrant(@case, CaseRole.Mediator, null));
        }

        if (mode == CaseAccessMode.Read && user.IsInRole(Roles.CourtClerk) && @case.DelegatingCourtId is { } court
            && user.CourtId() == court)
        {
            return TypedResults.Ok(new CaseAccessGrant(@case, CaseRole.CourtClerk, null));
        }

        return Problems.Forbidden("case-forbidden", "You have no access to this case.");
    }
}
