using System.Globalization;
using System.Security.Claims;
using System.Text;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace Mediation.Server.Access;

public sealed record SignInRequest(string Email, string Password, bool RememberMe = false);
public sealed record TwoFactorSignInRequest(string Code, bool RememberMachine = false);
public sealed record RecoveryCodeSignInRequest(string RecoveryCode);
public sealed record EnableTwoFactorRequest(string Code);
public sealed record DisableTwoFactorRequest(string Code);

/// <summary>Who is signed in, as the web app needs it to pick its screens. <see cref="SmsOutbox"/>: the development outbox
/// exists and is theirs to read.</summary>
public sealed record Me(
    string Kind,
    string DisplayName,
    IReadOnlyList<string> Roles,
    Guid? OrganizationId,
    Guid? CaseId,
    Guid? PartyId,
    bool TwoFactorEnabled,
    bool TwoFactorEnrollmentRequired,
    bool SmsOutbox = false);

/// <summary>The answer to a correct password: signed in (<see cref="Me"/>), or the second factor due; and what the holder
/// should know of wrong passwords tried on the account from elsewhere since they last signed in.</summary>
public sealed record SignInOutcome(bool TwoFactorRequired, Me? Me, SignInNotice? Notice = null);

/// <summary>An account's second factor. The shared key and QR code are given only while enrolment is under way: once the
/// authenticator is set up, they are never shown again.</summary>
public sealed record TwoFactorSetup(bool Enabled, bool Mandatory, string? SharedKey, string? AuthenticatorUri, string? QrCodeSvg, int RecoveryCodesLeft);
public sealed record RecoveryCodes(IReadOnlyList<string> Codes);

public static class AccessApi
{
    private const string Issuer = "Mediation.Online";
    internal const string SignInLimit = "staff-sign-in";

    public static IEndpointRouteBuilder MapAccessApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Access");
        auth.MapPost("/sign-in", SignInAsync).AllowAnonymous().RequireRateLimiting(SignInLimit)
            .WithSummary("Staff sign-in with e-mail and password; the second factor follows where it is due.");
        auth.MapPost("/sign-in/two-factor", TwoFactorSignInAsync).AllowAnonymous().RequireRateLimiting(SignInLimit)
            .WithSummary("The authenticator code after a correct password.");
        auth.MapPost("/sign-in/recovery-code", RecoveryCodeSignInAsync).AllowAnonymous().RequireRateLimiting(SignInLimit)
            .WithSummary("A recovery code in place of the authenticator, once each.");
        auth.MapPost("/sign-out", (Delegate)SignOutAsync).AllowAnonymous();
        auth.MapGet("/me", GetMeAsync).RequireAuthorization(Policies.SignedIn);

        var account = app.MapGroup("/api/account/two-factor").WithTags("Access").RequireAuthorization(Policies.StaffSignedIn);
        account.MapGet("/", GetTwoFactorSetupAsync);
        account.MapPost("/enable", EnableTwoFactorAsync);
        account.MapPost("/disable", DisableTwoFactorAsync);
        return app;
    }

    /// <summary>
    /// Every wrong answer is the same (<c>invalid-credentials</c>, no count), takes the same time whether or not the
    /// account exists, and counts against the address it came from for the account typed: enough of them lock that
    /// address out of that account (<c>sign-in-locked</c>), never the holder signing in from elsewhere, who is told.
    /// </summary>
    private static async Task<Results<Ok<SignInOutcome>, ProblemHttpResult>> SignInAsync(
        SignInRequest request, SignInManager<StaffUser> signIn, SignInThrottle throttle, HttpContext http, IServiceProvider services, CancellationToken ct)
    {
        var email = (request.Email ?? "").Trim();
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (email.Length is 0 or > 256 || string.IsNullOrEmpty(request.Password))
        {
            throttle.CheckNothing(request.Password);
            return InvalidCredentials();
        }

        if (await throttle.LockedUntilAsync(email, address, ct) is { } lockedUntil)
        {
            throttle.CheckNothing(request.Password);
            return Locked(lockedUntil);
        }

        var users = signIn.UserManager;
        var user = await users.FindByEmailAsync(email);
        var passwordRight = user is null ? Decoy(throttle, request.Password) : await users.CheckPasswordAsync(user, request.Password);
        if (!passwordRight)
        {
            return await throttle.FailAsync(email, address, ct) is { } until ? Locked(until) : InvalidCredentials();
        }

        // Only someone who knows the password learns that the account is disabled.
        if (await users.IsLockedOutAsync(user!))
        {
            return Problems.Forbidden("account-disabled", "This account is disabled.", "Ask your organization's administrator.");
        }

        var notice = await throttle.SucceededAsync(email, address, ct);
        var result = await signIn.PasswordSignInAsync(user!, request.Password, request.RememberMe, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            return TypedResults.Ok(new SignInOutcome(false, await StaffMeAsync(users, user!, services, secondFactor: false), notice));
        }

        return result.RequiresTwoFactor
            ? TypedResults.Ok(new SignInOutcome(true, null, notice))
            : Problems.Forbidden("sign-in-not-allowed", "This account may not sign in.");
    }

    private static bool Decoy(SignInThrottle throttle, string password)
    {
        throttle.CheckNothing(password);
        return false;
    }

    private static async Task<Results<Ok<SignInOutcome>, ProblemHttpResult>> TwoFactorSignInAsync(
        TwoFactorSignInRequest request, SignInManager<StaffUser> signIn, IServiceProvider services)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "two-factor-session-missing", "Sign in with your password first.");
        }

        var code = (request.Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: request.RememberMachine);
        if (result.Succeeded)
        {
            return TypedResults.Ok(new SignInOutcome(false, await StaffMeAsync(signIn.UserManager, user, services, secondFactor: true)));
        }

        return result.IsLockedOut
            ? SecondFactorLocked(await signIn.UserManager.GetLockoutEndDateAsync(user))
            : Problems.Of(StatusCodes.Status401Unauthorized, "invalid-two-factor-code", "The authenticator code is not valid.");
    }

    private static async Task<Results<Ok<SignInOutcome>, ProblemHttpResult>> RecoveryCodeSignInAsync(
        RecoveryCodeSignInRequest request, SignInManager<StaffUser> signIn, IServiceProvider services)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "two-factor-session-missing", "Sign in with your password first.");
        }

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync((request.RecoveryCode ?? "").Replace(" ", "", StringComparison.Ordinal));
        if (result.Succeeded)
        {
            return TypedResults.Ok(new SignInOutcome(false, await StaffMeAsync(signIn.UserManager, user, services, secondFactor: true)));
        }

        return result.IsLockedOut
            ? SecondFactorLocked(await signIn.UserManager.GetLockoutEndDateAsync(user))
            : Problems.Of(StatusCodes.Status401Unauthorized, "invalid-recovery-code", "The recovery code is not valid.");
    }

    private static async Task<NoContent> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        await http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await http.SignOutAsync(PartyAuthentication.Scheme);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Me>, ProblemHttpResult>> GetMeAsync(ClaimsPrincipal user, UserManager<StaffUser> users, IServiceProvider services)
    {
        if (user.IsInRole(Roles.Party))
        {
            return TypedResults.Ok(new Me("party", user.FindFirstValue(ClaimTypes.Name) ?? "", [Roles.Party], null,
                Guid.Parse(user.FindFirstValue(PartyAuthentication.CaseIdClaim)!),
                Guid.Parse(user.FindFirstValue(PartyAuthentication.PartyIdClaim)!), false, false));
        }

        var staff = await users.GetUserAsync(user);
        return staff is null
            ? Problems.Of(StatusCodes.Status401Unauthorized, "not-signed-in", "Sign-in required.")
            : TypedResults.Ok(await StaffMeAsync(users, staff, services, TwoFactorPolicy.SessionHasSecondFactor(user)));
    }

    private static async Task<Me> StaffMeAsync(UserManager<StaffUser> users, StaffUser user, IServiceProvider services, bool secondFactor)
    {
        var roles = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();
        var enrollmentRequired = services.TwoFactor().IsRequiredForRoles(roles) && !secondFactor;
        var outbox = services.GetRequiredService<Sms.DevelopmentSmsSender>().KeepsOutbox && user.OrganizationId is not null
            && (roles.Contains(Domain.Access.Roles.OrgAdmin) || roles.Contains(Domain.Access.Roles.Mediator));
        return new Me("staff", user.DisplayName, roles, user.OrganizationId, null, null, user.TwoFactorEnabled, enrollmentRequired, outbox);
    }

    private static async Task<Results<Ok<TwoFactorSetup>, ProblemHttpResult>> GetTwoFactorSetupAsync(
        ClaimsPrincipal principal, UserManager<StaffUser> users, IServiceProvider services)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "not-signed-in", "Sign-in required.");
        }

        var mandatory = services.TwoFactor().IsRequiredForRoles(await users.GetRolesAsync(user));
        if (user.TwoFactorEnabled)
        {
            // The secret was shown once, at enrolment; it is not shown again to whoever holds this session now.
            return TypedResults.Ok(new TwoFactorSetup(true, mandatory, null, null, null, await users.CountRecoveryCodesAsync(user)));
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        var email = user.Email ?? user.UserName ?? "";
        var uri = string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(email)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6");
        using var qr = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(qr).GetGraphic(4);
        return TypedResults.Ok(new TwoFactorSetup(false, mandatory, FormatKey(key!), uri, svg, await users.CountRecoveryCodesAsync(user)));
    }

    private static async Task<Results<Ok<RecoveryCodes>, ProblemHttpResult>> EnableTwoFactorAsync(
        EnableTwoFactorRequest request, ClaimsPrincipal principal, SignInManager<StaffUser> signIn)
    {
        var users = signIn.UserManager;
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "not-signed-in", "Sign-in required.");
        }

        var code = (request.Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "invalid-two-factor-code", "The authenticator code is not valid.",
                "Check that the phone's clock is right and enter the code shown now.");
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
        // The code just entered proves the second factor: the session is upgraded rather than ended.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
        return TypedResults.Ok(new RecoveryCodes(codes?.ToList() ?? []));
    }

    /// <summary>Turning the second factor off needs a code from it now: a session left open on someone's desk is not enough.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DisableTwoFactorAsync(
        DisableTwoFactorRequest request, ClaimsPrincipal principal, SignInManager<StaffUser> signIn, IServiceProvider services)
    {
        var users = signIn.UserManager;
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "not-signed-in", "Sign-in required.");
        }

        if (services.TwoFactor().IsRequiredForRoles(await users.GetRolesAsync(user)))
        {
            return Problems.Forbidden("two-factor-mandatory", "Two-factor authentication is mandatory for this account.");
        }

        var code = (request.Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!user.TwoFactorEnabled || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "invalid-two-factor-code", "The authenticator code is not valid.",
                "Enter the code your authenticator app shows now.");
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult InvalidCredentials() =>
        Problems.Of(StatusCodes.Status401Unauthorized, "invalid-credentials", "The e-mail address or password is wrong.");

    /// <summary>Too many wrong passwords for this account from this address.</summary>
    private static ProblemHttpResult Locked(DateTime until) =>
        Problems.Of(StatusCodes.Status429TooManyRequests, "sign-in-locked", "Too many wrong passwords from this address.",
            "Wait before trying again; signing in from your usual device is not affected.",
            new Dictionary<string, object?> { ["lockedUntil"] = until });

    /// <summary>The second step failed often enough that Identity locked the account (a correct password was given).</summary>
    private static ProblemHttpResult SecondFactorLocked(DateTimeOffset? until) =>
        Problems.Of(StatusCodes.Status423Locked, "account-locked", "The account is locked after too many wrong authenticator codes.",
            "Try again later, or ask an administrator to unlock it.",
            new Dictionary<string, object?> { ["lockedUntil"] = until?.UtcDateTime });

    /// <summary>The base32 key in groups of four, as authenticator apps show it.</summary>
    private static string FormatKey(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return sb.ToString().TrimEnd().ToLowerInvariant();
    }
}
