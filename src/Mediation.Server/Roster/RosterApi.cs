using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Domain.Cases;
using Mediation.Domain.Roster;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Roster;

public sealed record RosterEntry(string UserId, string DisplayName, string? Email, string? CertificateNumber, IReadOnlyList<string> Specialties,
    MediatorStatus Status, int ActiveCases);

public sealed record RosterUpdate(string? CertificateNumber, List<string>? Specialties, MediatorStatus Status);

/// <summary>The organization's mediator roster (名册): who mediates, with what certificate and expertise, whether they
/// take cases now, and how many they are carrying.</summary>
public static class RosterApi
{
    private static readonly CaseStatus[] Active = [CaseStatus.MediatorAssigned, CaseStatus.InMediation, CaseStatus.AgreementReached, CaseStatus.UnderSupervision];

    public static IEndpointRouteBuilder MapRosterApi(this IEndpointRouteBuilder app)
    {
        var roster = app.MapGroup("/api/roster").WithTags("Roster").RequireAuthorization(Policies.Staff);
        roster.MapGet("/", ListAsync);
        roster.MapPut("/{userId}", UpdateAsync);
        return app;
    }

    private static async Task<Results<Ok<List<RosterEntry>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, MediationDbContext db, UserManager<StaffUser> users, CancellationToken ct)
    {
        if (user.OrganizationId() is not { } organizationId)
        {
            return Problems.Forbidden("organization-required", "The roster belongs to a mediation organization.");
        }

        var mediators = (await users.GetUsersInRoleAsync(Roles.Mediator)).Where(u => u.OrganizationId == organizationId).ToList();
        var ids = mediators.Select(m => m.Id).ToList();
        var profiles = await db.MediatorProfiles.Where(p => ids.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, ct);
        var loads = await db.Cases.Where(c => c.MediatorUserId != null && ids.Contains(c.MediatorUserId) && Active.Contains(c.Status))
            .GroupBy(c => c.MediatorUserId!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return TypedResults.Ok(mediators.OrderBy(m => m.DisplayName, StringComparer.Ordinal).Select(m =>
        {
            var profile = profiles.GetValueOrDefault(m.Id);
            return new RosterEntry(m.Id, m.DisplayName, m.Email, profile?.CertificateNumber, profile?.Specialties ?? [],
                profile?.Status ?? MediatorStatus.Active, loads.GetValueOrDefault(m.Id));
        }).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UpdateAsync(
        string userId, RosterUpdate update, ClaimsPrincipal user, MediationDbContext db, UserManager<StaffUser> users, CancellationToken ct)
    {
        if (user.OrganizationId() is not { } organizationId || !user.IsInRole(Roles.OrgAdmin))
        {
            return Problems.Forbidden("forbidden", "Only the organization's admin keeps the roster.");
        }

        var mediator = await users.FindByIdAsync(userId);
        if (mediator is null || mediator.OrganizationId != organizationId || !await users.IsInRoleAsync(mediator, Roles.Mediator))
        {
            return Problems.NotFound("mediator-not-found", "No such mediator in your organization.");
        }

        var profile = await db.MediatorProfiles.FindAsync([userId], ct);
        if (profile is null)
        {
            profile = new MediatorProfile(userId, organizationId);
            db.MediatorProfiles.Add(profile);
        }

        var result = profile.Update(update.CertificateNumber, update.Specialties ?? [], update.Status);
        if (!result.IsOk)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, result.ErrorCode!, result.Message!);
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>Whether a mediator may be given a new case now: in the roster as Active (no entry counts as Active).</summary>
    internal static async Task<bool> CanTakeCasesAsync(MediationDbContext db, string userId, CancellationToken ct) =>
        await db.MediatorProfiles.Where(p => p.UserId == userId).Select(p => (MediatorStatus?)p.Status).FirstOrDefaultAsync(ct) is null or MediatorStatus.Active;
}
