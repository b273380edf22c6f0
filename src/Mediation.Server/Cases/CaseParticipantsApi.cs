using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain;
using Mediation.Domain.Cases;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Cases;

public sealed record AgentRequest(Guid PartyId, string Name, string Phone, string? IdNumber, AgentKind Kind, AgentAuthority Authority, Guid Version);
public sealed record MediatorChangeRequestBody(string Reason);
public sealed record DismissMediatorChangeRequestBody(string Reason, Guid Version);

/// <summary>
/// Who acts in a case besides the parties themselves: their agents (委托代理人, filed by staff from the 授权委托书),
/// and a party's request for another mediator, which the organization's admin answers by reassigning (the
/// lifecycle's AssignMediator command) or by dismissing it with a reason.
/// </summary>
public static class CaseParticipantsApi
{
    internal static RouteGroupBuilder MapCaseParticipants(this RouteGroupBuilder cases)
    {
        cases.MapPost("/{caseId:guid}/agents", AddAgentAsync).RequireAuthorization(Policies.Staff);
        cases.MapDelete("/{caseId:guid}/agents/{agentId:guid}", RemoveAgentAsync).RequireAuthorization(Policies.Staff);
        cases.MapPost("/{caseId:guid}/mediator-change-request", RequestAnotherMediatorAsync).RequireAuthorization(Policies.Party);
        cases.MapPost("/{caseId:guid}/mediator-change-request/dismiss", DismissAsync).RequireAuthorization(Policies.Staff);
        return cases;
    }

    private static Task<Results<Ok<CaseDetail>, ProblemHttpResult>> AddAgentAsync(
        Guid caseId, AgentRequest request, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, StatutoryDeadlines deadlines,
        TimeProvider time, CancellationToken ct) =>
        ChangeAsync(caseId, request.Version, user, access, db, deadlines, time, ct, mayChange: role => role is CaseRole.OrgAdmin or CaseRole.Mediator,
            (@case, actor, now) => @case.AddAgent(request.PartyId, request.Name ?? "", request.Phone ?? "", request.IdNumber, request.Kind, request.Authority, actor, now));

    private static Task<Results<Ok<CaseDetail>, ProblemHttpResult>> RemoveAgentAsync(
        Guid caseId, Guid agentId, Guid version, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, StatutoryDeadlines deadlines,
        TimeProvider time, CancellationToken ct) =>
        ChangeAsync(caseId, version, user, access, db, deadlines, time, ct, mayChange: role => role is CaseRole.OrgAdmin or CaseRole.Mediator,
            (@case, actor, now) => @case.RemoveAgent(agentId, actor, now));

    /// <summary>A party asks for another mediator. No version: the request does not edit what the party saw.</summary>
    private static async Task<Results<Ok<CaseDetail>, ProblemHttpResult>> RequestAnotherMediatorAsync(
        Guid caseId, MediatorChangeRequestBody request, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, StatutoryDeadlines deadlines,
        TimeProvider time, ILogger<MediatorChangeRequestBody> logger, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { PartyId: { } partyId } grant })
        {
            return check.Result as ProblemHttpResult ?? Problems.Forbidden("party-only", "Only a party asks for another mediator.");
        }

        var result = await SaveAsync(db, grant.Case.RequestAnotherMediator(partyId, request.Reason ?? "", time.GetUtcNow().UtcDateTime), ct);
        if (result is not null)
        {
            return result;
        }

        logger.LogInformation("Case {CaseId}: party {PartyId} asked for another mediator", caseId, partyId);
        return TypedResults.Ok(await CaseApi.DetailAsync(grant, db, deadlines, time, ct));
    }

    private static Task<Results<Ok<CaseDetail>, ProblemHttpResult>> DismissAsync(
        Guid caseId, DismissMediatorChangeRequestBody request, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, StatutoryDeadlines deadlines,
        TimeProvider time, CancellationToken ct) =>
        ChangeAsync(caseId, request.Version, user, access, db, deadlines, time, ct, mayChange: role => role is CaseRole.OrgAdmin,
            (@case, actor, now) => @case.DismissMediatorChangeRequest(actor, request.Reason ?? "", now));

    /// <summary>A staff change to the case: access, role, version, the domain's rule, save; the updated detail back.</summary>
    private static async Task<Results<Ok<CaseDetail>, ProblemHttpResult>> ChangeAsync(
        Guid caseId, Guid version, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, StatutoryDeadlines deadlines, TimeProvider time,
        CancellationToken ct, Func<CaseRole, bool> mayChange, Func<Case, string, DateTime, DomainResult> change)
    {
        var check = await access.CheckAsync(user, caseId, ct);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        if (!mayChange(grant.Role))
        {
            return Problems.Forbidden("case-change-forbidden", "Your role on this case does not allow this change.");
        }

        if (version != grant.Case.Version)
        {
            return Problems.StaleVersion("case-version-conflict", "case");
        }

        var result = await SaveAsync(db, change(grant.Case, user.FindFirstValue(ClaimTypes.NameIdentifier)!, time.GetUtcNow().UtcDateTime), ct);
        return result is null ? TypedResults.Ok(await CaseApi.DetailAsync(grant, db, deadlines, time, ct)) : result;
    }

    private static async Task<ProblemHttpResult?> SaveAsync(MediationDbContext db, DomainResult result, CancellationToken ct)
    {
        if (!result.IsOk)
        {
            return Problems.Refused(result, "case-closed", "no-mediator", "request-pending", "no-request");
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.StaleVersion("case-version-conflict", "case");
        }
    }
}
