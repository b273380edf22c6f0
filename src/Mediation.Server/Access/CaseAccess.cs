using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Domain.Cases;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
/// the parties of that very case, and the clerks of the court that sent it. Every case-scoped endpoint asks here on
/// every request, and the live session asks again on every hub call (a connection outlives the request that opened
/// it); what each relation may do is the endpoint's rule.
/// </summary>
public sealed class CaseAccess(MediationDbContext db, TimeProvider time, IOptions<IdentityOptions> identity)
{
    /// <summary>Loads the case with its parties and agents and grants the caller's relation to it, or refuses. A
    /// <see cref="CaseAccessMode.Read"/> loads without change tracking and admits the delegating court's clerks.</summary>
    public async Task<Results<Ok<CaseAccessGrant>, ProblemHttpResult>> CheckAsync(ClaimsPrincipal user, Guid caseId, CancellationToken ct,
        CaseAccessMode mode = CaseAccessMode.Act)
    {
        var cases = mode == CaseAccessMode.Act ? db.Cases : db.Cases.AsNoTracking();
        var @case = await cases.WithPeople().FirstOrDefaultAsync(c => c.Id == caseId, ct);
        var facts = @case is null ? null : new CaseFacts(@case.Id, @case.OrganizationId, @case.MediatorUserId, @case.DelegatingCourtId);
        return RelationOf(user, caseId, facts, mode) switch
        {
            { Role: { } role, PartyId: var partyId } => TypedResults.Ok(new CaseAccessGrant(@case!, role, partyId)),
            { Problem: { } problem } => problem,
            _ => throw new InvalidOperationException("A relation is a role or a refusal."),
        };
    }

    /// <summary>
    /// Whether the caller still stands in <paramref name="role"/> towards the case: the session that signed them in is
    /// still good (a party's invite not revoked, a staff account not disabled nor its password changed since) and the
    /// relation holds (a mediator still assigned). A light query, for a long-lived connection to ask on every call.
    /// </summary>
    public async Task<bool> StillAllowedAsync(ClaimsPrincipal user, Guid caseId, CaseRole role, CancellationToken ct)
    {
        // One round trip: the sign-in's row and the case's few facts together (a live session asks on every call), as
        // scalar subqueries, which SQLite runs too.
        var now = time.GetUtcNow();
        var cases = db.Cases.AsNoTracking().Where(c => c.Id == caseId);
        CaseFacts? facts;
        if (user.IsInRole(Roles.Party))
        {
            if (!Guid.TryParse(user.FindFirstValue(PartyAuthentication.SessionIdClaim), out var sessionId))
            {
                return false;
            }

            var row = await db.PartySessions.AsNoTracking().Where(s => s.Id == sessionId)
                .Select(s => new
                {
                    s.RevokedAtUtc,
                    s.ExpiresAtUtc,
                    OrganizationId = cases.Select(c => (Guid?)c.OrganizationId).FirstOrDefault(),
                    MediatorUserId = cases.Select(c => c.MediatorUserId).FirstOrDefault(),
                    DelegatingCourtId = cases.Select(c => c.DelegatingCourtId).FirstOrDefault(),
                })
                .FirstOrDefaultAsync(ct);
            if (row is null || row.RevokedAtUtc is not null || now.UtcDateTime >= row.ExpiresAtUtc)
            {
                return false;
            }

            facts = row.OrganizationId is { } organization ? new CaseFacts(caseId, organization, row.MediatorUserId, row.DelegatingCourtId) : null;
        }
        else
        {
            var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
            var stamp = user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
            var row = await db.Users.AsNoTracking().Where(u => u.Id == userId)
                .Select(u => new
                {
                    u.SecurityStamp,
                    u.LockoutEnd,
                    OrganizationId = cases.Select(c => (Guid?)c.OrganizationId).FirstOrDefault(),
                    MediatorUserId = cases.Select(c => c.MediatorUserId).FirstOrDefault(),
                    DelegatingCourtId = cases.Select(c => c.DelegatingCourtId).FirstOrDefault(),
                })
                .FirstOrDefaultAsync(ct);
            if (row is null || row.SecurityStamp != stamp || row.LockoutEnd > now)
            {
                return false;
            }

            facts = row.OrganizationId is { } organization ? new CaseFacts(caseId, organization, row.MediatorUserId, row.DelegatingCourtId) : null;
        }

        return RelationOf(user, caseId, facts, role == CaseRole.CourtClerk ? CaseAccessMode.Read : CaseAccessMode.Act).Role == role;
    }

    /// <summary>The sign-in behind the principal, checked against the database now: a party's session row is active; a
    /// staff account is not disabled and its security stamp is the one it signed in with.</summary>
    public async Task<bool> SignInStillValidAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (user.IsInRole(Roles.Party))
        {
            if (!Guid.TryParse(user.FindFirstValue(PartyAuthentication.SessionIdClaim), out var sessionId))
            {
                return false;
            }

            var session = await db.PartySessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
            return session is not null && session.IsActiveAt(now.UtcDateTime);
        }

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.SecurityStamp, u.LockoutEnd }).FirstOrDefaultAsync(ct);
        return account is not null && account.SecurityStamp == stamp && !(account.LockoutEnd > now);
    }

    private sealed record CaseFacts(Guid Id, Guid OrganizationId, string? MediatorUserId, Guid? DelegatingCourtId);

    private readonly record struct Relation(CaseRole? Role, Guid? PartyId, ProblemHttpResult? Problem);

    /// <summary>The rule itself, on the few facts of a case it needs.</summary>
    private static Relation RelationOf(ClaimsPrincipal user, Guid caseId, CaseFacts? @case, CaseAccessMode mode)
    {
        if (user.IsInRole(Roles.Party))
        {
            // A party's session names its case; any other case, existing or not, is simply not theirs.
            var scopedCase = user.FindFirstValue(PartyAuthentication.CaseIdClaim);
            if (@case is null || !Guid.TryParse(scopedCase, out var scoped) || scoped != caseId
                || !Guid.TryParse(user.FindFirstValue(PartyAuthentication.PartyIdClaim), out var partyId))
            {
                return new(null, null, Problems.Forbidden("case-forbidden", "This session is for another case.",
                    "Open the invite link you received for this case."));
            }

            return new(CaseRole.Party, partyId, null);
        }

        if (@case is null)
        {
            return new(null, null, Problems.NotFound("case-not-found", "No such case."));
        }

        var sameOrganization = user.OrganizationId() == @case.OrganizationId;
        if (sameOrganization && user.IsInRole(Roles.OrgAdmin))
        {
            return new(CaseRole.OrgAdmin, null, null);
        }

        if (sameOrganization && user.IsInRole(Roles.Mediator) && @case.MediatorUserId == user.FindFirstValue(ClaimTypes.NameIdentifier))
        {
            return new(CaseRole.Mediator, null, null);
        }

        if (mode == CaseAccessMode.Read && user.IsInRole(Roles.CourtClerk) && @case.DelegatingCourtId is { } court && user.CourtId() == court)
        {
            return new(CaseRole.CourtClerk, null, null);
        }

        return new(null, null, Problems.Forbidden("case-forbidden", "You have no access to this case."));
    }
}
