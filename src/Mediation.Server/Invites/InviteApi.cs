using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Domain.Cases;
using Mediation.Domain.Invites;
using Mediation.Domain.Privacy;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Mediation.Server.Sessions;
using Mediation.Server.Sms;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Invites;

public sealed record IssuedInvite(Guid Id, Guid PartyId, string Link, DateTime ExpiresAtUtc);
public sealed record InviteView(Guid Id, Guid PartyId, string PartyName, PartySide Side, string State,
    DateTime CreatedAtUtc, DateTime ExpiresAtUtc, DateTime? RedeemedAtUtc, DateTime? RevokedAtUtc);
public sealed record JoinRequest(string Token);
public sealed record JoinVerifyRequest(string Token, string Code);
/// <summary>What an invite link shows before the code. <see cref="SignedIn"/>: the link was used by this very browser,
/// which is still signed in as the party: the page goes straight to the case.</summary>
public sealed record JoinPreview(string CaseNumber, string OrganizationName, string PartyName, PartySide Side, string PhoneMasked, DateTime ExpiresAtUtc,
    bool SignedIn = false);
public sealed record CodeSent(string PhoneMasked, int ExpiresInSeconds, int ResendAfterSeconds);
public sealed record JoinedCase(Guid CaseId, Guid PartyId);

public static class InviteApi
{
    internal const string CodeSendLimit = "invite-code-send";
    internal const string CodeVerifyLimit = "invite-code-verify";

    public static IHostApplicationBuilder AddInvites(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InviteOptions>().BindConfiguration(InviteOptions.Section)
            .ValidateDataAnnotations().Validate(o => o.Lifetime > TimeSpan.Zero, "Invites:Lifetime must be positive.").ValidateOnStart();
        builder.Services.AddOptions<OneTimeCodeLimits>().BindConfiguration("OneTimeCodes")
            .Validate(o => o.ResendInterval >= TimeSpan.Zero && o.MaxPerPhonePerHour >= 1, "OneTimeCodes needs a non-negative ResendInterval and MaxPerPhonePerHour of at least 1.")
            .ValidateOnStart();
        var invites = builder.Configuration.GetSection(InviteOptions.Section).Get<InviteOptions>() ?? new InviteOptions();

        builder.Services.AddRateLimiter(o =>
        {
            o.AddPerAddressPolicy(CodeSendLimit, invites.CodeRequestsPerAddressPerHour, TimeSpan.FromHours(1));
            o.AddPerAddressPolicy(CodeVerifyLimit, invites.CodeVerificationsPerAddressPerHour, TimeSpan.FromHours(1));
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapInviteApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/cases/{caseId:guid}").WithTags("Invites").RequireAuthorization(Policies.Staff);
        staff.MapPost("/parties/{partyId:guid}/invites", IssueAsync);
        staff.MapGet("/invites", ListAsync);
        staff.MapPost("/invites/{inviteId:guid}/revoke", RevokeAsync);

        var join = app.MapGroup("/api/join").WithTags("Invites").AllowAnonymous();
        join.MapPost("/preview", PreviewAsync);
        join.MapPost("/code", SendCodeAsync).RequireRateLimiting(CodeSendLimit);
        join.MapPost("/verify", VerifyAsync).RequireRateLimiting(CodeVerifyLimit);
        return app;
    }

    private static async Task<Results<Created<IssuedInvite>, ProblemHttpResult>> IssueAsync(
        Guid caseId, Guid partyId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db,
        IOptions<InviteOptions> options, TimeProvider time, HttpRequest request, ILogger<Invite> logger, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        var party = grant.Case.Parties.FirstOrDefault(p => p.Id == partyId);
        if (party is null)
        {
            return Problems.NotFound("party-not-found", "The case has no such party.");
        }

        var (invite, token) = Invite.Issue(caseId, partyId, user.FindFirstValue(ClaimTypes.NameIdentifier)!, time.GetUtcNow().UtcDateTime, options.Value.Lifetime);
        db.Invites.Add(invite);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Invite {InviteId} issued for party {PartyId} of case {CaseId}", invite.Id, partyId, caseId);
        return TypedResults.Created($"/api/cases/{caseId}/invites/{invite.Id}",
            new IssuedInvite(invite.Id, partyId, options.Value.LinkFor(token, request), invite.ExpiresAtUtc));
    }

    private static async Task<Results<Ok<List<InviteView>>, ProblemHttpResult>> ListAsync(
        Guid caseId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, TimeProvider time, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var invites = await db.Invites.Where(i => i.CaseId == caseId).ToListAsync(ct);
        var names = grant.Case.Parties.ToDictionary(p => p.Id);
        return TypedResults.Ok(invites.OrderByDescending(i => i.CreatedAtUtc).Select(i => new InviteView(
            i.Id, i.PartyId, names[i.PartyId].Name, names[i.PartyId].Side, i.StateAt(now).ToString().ToLowerInvariant(),
            i.CreatedAtUtc, i.ExpiresAtUtc, i.RedeemedAtUtc, i.RevokedAtUtc)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid caseId, Guid inviteId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, TimeProvider time,
        SessionEvictions evictions, ILogger<Invite> logger, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct);
        if (check.Result is not Ok<CaseAccessGrant>)
        {
            return (ProblemHttpResult)check.Result;
        }

        var invite = await db.Invites.FirstOrDefaultAsync(i => i.Id == inviteId && i.CaseId == caseId, ct);
        if (invite is null)
        {
            return Problems.NotFound("invite-not-found", "The case has no such invite.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        invite.Revoke(now);
        // A party already signed in through this invite is signed out with it, and out of a live session at once.
        var sessions = await db.PartySessions.Where(s => s.InviteId == inviteId).ToListAsync(ct);
        foreach (var session in sessions)
        {
            session.Revoke(now);
        }

        await db.SaveChangesAsync(ct);
        foreach (var session in sessions)
        {
            await evictions.EvictPartySessionAsync(session.Id);
        }

        logger.LogInformation("Invite {InviteId} of case {CaseId} revoked", inviteId, caseId);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<JoinPreview>, ProblemHttpResult>> PreviewAsync(
        JoinRequest request, MediationDbContext db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var found = await FindUsableAsync(db, request.Token, now, ct);
        var signedIn = false;
        if (found.Problem is not null)
        {
            // Opening the SMS link again on the phone that used it: that phone is in, so it goes to the case.
            if (found.Invite is not { } used || used.StateAt(now) != InviteState.Redeemed
                || (await http.AuthenticateAsync(PartyAuthentication.Scheme)).Principal?.FindFirstValue(PartyAuthentication.PartyIdClaim) != used.PartyId.ToString())
            {
                return found.Problem;
            }

            var usedCase = await db.Cases.Include(c => c.Parties).AsSplitQuery().SingleAsync(c => c.Id == used.CaseId, ct);
            found = new Found(used, usedCase, usedCase.Parties.Single(p => p.Id == used.PartyId), null);
            signedIn = true;
        }

        var (invite, @case, party) = (found.Invite!, found.Case!, found.Party!);
        var organization = await db.Organizations.Where(o => o.Id == @case.OrganizationId).Select(o => o.Name).SingleAsync(ct);
        // The holder of the link has not yet proved who they are: show enough to recognise the case, no more.
        var name = party.Kind == PartyKind.NaturalPerson ? PersonalDataMask.MaskPersonName(party.Name) : party.Name;
        return TypedResults.Ok(new JoinPreview(@case.Number, organization, name, party.Side, PersonalDataMask.MaskPhone(party.Phone), invite.ExpiresAtUtc, signedIn));
    }

    private static async Task<Results<Accepted<CodeSent>, ProblemHttpResult>> SendCodeAsync(
        JoinRequest request, MediationDbContext db, TimeProvider time, ISmsSender sms, SmsTexts texts, IOptions<OneTimeCodeLimits> limits,
        HttpContext http, ILogger<OneTimeCode> logger, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var found = await FindUsableAsync(db, request.Token, now, ct);
        if (found.Problem is not null)
        {
            return found.Problem;
        }

        var (invite, @case, party) = (found.Invite!, found.Case!, found.Party!);
        if (await OneTimeCodeSending.RefuseIfTooSoonAsync(db, party.Phone, now, limits.Value, http, ct) is { } tooSoon)
        {
            return tooSoon;
        }

        var (code, digits) = OneTimeCode.Issue(invite.Id, party.Phone, http.Connection.RemoteIpAddress?.ToString() ?? "", now);
        db.OneTimeCodes.Add(code);
        await db.SaveChangesAsync(ct);
        await sms.SendAsync(texts.InviteCode(party.Phone, @case.OrganizationId, @case.Id, @case.Number, digits), ct);
        logger.LogInformation("One-time code sent to {Phone} for invite {InviteId} of case {CaseId}", party.Phone, invite.Id, @case.Id);
        return TypedResults.Accepted((string?)null, OneTimeCodeSending.Sent(party.Phone, limits.Value));
    }

    private static async Task<Results<Ok<JoinedCase>, ProblemHttpResult>> VerifyAsync(
        JoinVerifyRequest request, MediationDbContext db, TimeProvider time, IServiceProvider services, HttpContext http,
        ILogger<PartySession> logger, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var found = await FindUsableAsync(db, request.Token, now, ct);
        if (found.Problem is not null)
        {
            return found.Problem;
        }

        var (invite, @case, party) = (found.Invite!, found.Case!, found.Party!);
        var code = await db.OneTimeCodes.Where(c => c.InviteId == invite.Id).OrderByDescending(c => c.CreatedAtUtc).FirstOrDefaultAsync(ct);
        if (code is null)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "code-not-requested", "Request a code first.");
        }

        var check = code.Verify(request.Code ?? "", now);
        PartySession? session = null;
        if (check == CodeCheck.Accepted)
        {
            invite.Redeem(now);
            session = new PartySession(invite, now, services.Security().PartySessionLifetime);
            db.PartySessions.Add(session);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request changed the invite or the code at the same moment: either another device
            // redeemed the invite, or a parallel attempt was counted first.
            return check == CodeCheck.Accepted
                ? InviteUsed()
                : Problems.Of(StatusCodes.Status409Conflict, "code-attempt-conflict", "Another attempt was being checked.", "Enter the code again.");
        }

        if (check == CodeCheck.AlreadyUsed)
        {
            return InviteUsed();
        }

        if (OneTimeCodeSending.ProblemFor(check, code) is { } refused)
        {
            return refused;
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, party.Id.ToString()),
                new Claim(ClaimTypes.Name, party.Name),
                new Claim(ClaimTypes.Role, Roles.Party),
                new Claim(PartyAuthentication.CaseIdClaim, @case.Id.ToString()),
                new Claim(PartyAuthentication.PartyIdClaim, party.Id.ToString()),
                new Claim(PartyAuthentication.SessionIdClaim, session!.Id.ToString()),
            ],
            PartyAuthentication.Scheme);
        await http.SignInAsync(PartyAuthentication.Scheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { ExpiresUtc = session.ExpiresAtUtc, IsPersistent = true });
        logger.LogInformation("Party {PartyId} of case {CaseId} signed in through invite {InviteId}", party.Id, @case.Id, invite.Id);
        return TypedResults.Ok(new JoinedCase(@case.Id, party.Id));
    }

    private sealed record Found(Invite? Invite, Case? Case, CaseParty? Party, ProblemHttpResult? Problem);

    private static async Task<Found> FindUsableAsync(MediationDbContext db, string? token, DateTime now, CancellationToken ct)
    {
        var hash = string.IsNullOrWhiteSpace(token) ? null : Invite.HashToken(token.Trim());
        var invite = hash is null ? null : await db.Invites.FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invite is null)
        {
            return new(null, null, null, Problems.NotFound("invite-not-found", "This invite link is not valid."));
        }

        var problem = invite.StateAt(now) switch
        {
            InviteState.Expired => Problems.Of(StatusCodes.Status410Gone, "invite-expired", "This invite link has expired.", "Ask the mediator for a new one."),
            InviteState.Revoked => Problems.Of(StatusCodes.Status410Gone, "invite-revoked", "This invite link was withdrawn.", "Ask the mediator for a new one."),
            InviteState.Redeemed => InviteUsed(),
            _ => null,
        };
        if (problem is not null)
        {
            return new(invite, null, null, problem);
        }

        var @case = await db.Cases.Include(c => c.Parties).AsSplitQuery().SingleAsync(c => c.Id == invite.CaseId, ct);
        return new(invite, @case, @case.Parties.Single(p => p.Id == invite.PartyId), null);
    }

    private static ProblemHttpResult InviteUsed() =>
        Problems.Of(StatusCodes.Status409Conflict, "invite-used", "This invite link has already been used.",
            "Each link opens one device. Ask the mediator for a new one.");
}
