using Mediation.CourtDocking.Messages;
using Mediation.Data;
using Mediation.Domain.Cases;
using Mediation.Server.Cases;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Courts;

/// <summary>
/// The organization's side of the docking that a court's system calls (docs/court-docking.md): no cookie, no
/// session — each request signed with the court's key (HMAC-SHA256, <see cref="DockingRequests"/>), and only what
/// concerns that court answered. A delegated case lands in the same intake as a clerk's (<see cref="CourtDelegations"/>).
/// </summary>
public static class CourtDockingApi
{
    public const string Prefix = "/api/docking/v1";

    internal static IEndpointRouteBuilder MapCourtDockingApi(this IEndpointRouteBuilder app)
    {
        var docking = app.MapGroup(Prefix).WithTags("Court docking").AllowAnonymous().DisableAntiforgery();
        docking.MapGet("/organizations", OrganizationsAsync)
            .WithSummary("Signed by a court's key: the organizations that dock with that court and take cases now");
        // The body (a DelegatedCase, docs/court-docking.md) is read as bytes, since the signature is over them: no
        // content-type constraint in routing, so whatever a caller sends meets the signature check and its answer.
        docking.MapPost("/delegations", DelegateAsync).WithMetadata(new DockingBody(typeof(DelegatedCase)))
            .WithSummary("Signed by a court's key: a dispute delegated for mediation (idempotent by the court's reference)");
        return app;
    }

    private static async Task<Results<Ok<List<DockingOrganization>>, ProblemHttpResult>> OrganizationsAsync(
        HttpRequest http, DockingRequests requests, MediationDbContext db, CancellationToken ct)
    {
        var (request, refused) = await requests.ReadAsync<object>(http, ct);
        if (refused is not null)
        {
            return refused;
        }

        var organizations = await db.Organizations.AsNoTracking().Where(o => o.DockingCourtId == request!.CourtId && !o.Suspended).OrderBy(o => o.Name).ToListAsync(ct);
        return TypedResults.Ok(organizations.Select(o => new DockingOrganization(o.Id, o.Name, o.Address, o.AcceptedCategories.Select(c => c.ToString()).ToList())).ToList());
    }

    private static async Task<Results<Created<DelegationReceipt>, Ok<DelegationReceipt>, ProblemHttpResult>> DelegateAsync(
        HttpRequest http, DockingRequests requests, CourtDelegations delegations, CancellationToken ct)
    {
        var (request, refused) = await requests.ReadAsync<DelegatedCase>(http, ct);
        if (refused is not null)
        {
            return refused;
        }

        if (ToRequest(request!.Message) is not { } delegation)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "docking-message-invalid", "A kind, a claim category or an obligor is not one this server knows.");
        }

        var (@case, created, problem) = await delegations.DelegateAsync(request.CourtId, delegation, $"docking:{request.KeyId}", ct);
        if (problem is not null)
        {
            return problem;
        }

        var receipt = new DelegationReceipt(@case!.Id, @case.Number, @case.Status.ToString(), created);
        return created ? TypedResults.Created($"{Prefix}/delegations/{@case.Id}", receipt) : TypedResults.Ok(receipt);
    }

    /// <summary>The wire's message as the intake's request; null when a named value is not one of ours.</summary>
    private static DelegationRequest? ToRequest(DelegatedCase m)
    {
        static PartyRequest? Party(DockingParty p) => Enum.TryParse<PartyKind>(p.Kind, ignoreCase: false, out var kind) && Enum.IsDefined(kind)
            ? new PartyRequest(kind, p.Name, p.IdNumber, p.Phone, p.Address, LegalRepresentative: p.LegalRepresentative, IsRepresentative: p.IsRepresentative)
            : null;

        static ClaimRequest? Claim(DockingClaim c)
        {
            if (!Enum.TryParse<ClaimCategory>(c.Category, ignoreCase: false, out var category) || !Enum.IsDefined(category))
            {
                return null;
            }

            PartySide? obligor = null;
            if (c.Obligor is { } named)
            {
                if (!Enum.TryParse<PartySide>(named, ignoreCase: false, out var side) || !Enum.IsDefined(side))
                {
                    return null;
                }

                obligor = side;
            }

            return new ClaimRequest(category, c.Description, c.Amount, obligor);
        }

        var applicants = (m.Applicants ?? []).Select(Party).ToList();
        var respondents = (m.Respondents ?? []).Select(Party).ToList();
        var claims = (m.Claims ?? []).Select(Claim).ToList();
        if (applicants.Contains(null) || respondents.Contains(null) || claims.Contains(null))
        {
            return null;
        }

        return new DelegationRequest(m.OrganizationId, m.CourtReference, m.Subject, m.Facts, m.ReceivedAt?.UtcDateTime, applicants!, respondents!, claims!);
    }
}
