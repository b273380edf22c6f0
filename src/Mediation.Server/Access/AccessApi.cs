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

/// <summary>Who is signed in, as the web app needs it to pick its screens.</summary>
public sealed record Me(
    string Kind,
    string DisplayName,
    IReadOnlyList<string> Roles,
    Guid? OrganizationId,
    Guid? CaseId,
    Guid? PartyId,
    bool TwoFactorEnabled,
    bool TwoFactorEnrollmentRequired);

public sealed record SignInOutcome(bool TwoFactorRequired, Me? Me);
public sealed record TwoFactorSetup(bool Enabled, bool Mandatory, string SharedKey, string AuthenticatorUri, string QrCodeSvg, int RecoveryCodesLeft);
public sealed record RecoveryCodes(IReadOnlyList<string> Codes);

public static class AccessApi
{
    private const string Issuer = "Mediation.Online";

    public static IEndpointRouteBuilder MapAccessApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Access");
        auth.MapPost("/sign-in", SignInAsync).AllowAnonymous();
        auth.MapPost("/sign-in/two-factor", TwoFactorSignInAsync).AllowAnonymous();
        auth.MapPost("/sign-in/recovery-code", RecoveryCodeSignInAsync).AllowAnonymous();
        auth.MapPost("/sign-out", (Delegate)SignOutAsync).AllowAnonymous();
        auth.MapGet("/me", GetMeAsync).RequireAuthorization(Policies.StaffOrParty);

        var account = app.MapGroup("/api/account/two-factor").WithTags("Access").RequireAuthorization(Policies.StaffSignedIn);
        account.MapGet("/", GetTwoFactorSetupAsync);
        account.MapPost("/enable", EnableTwoFactorAsync);
        account.MapPost("/disable", DisableTwoFactorAsync);
        return app;
    }

    private static async Task<Results<Ok<SignInOutcome>, ProblemHttpResult>> SignInAsync(
        SignInRequest request, SignInManager<StaffUser> signIn, IServiceProvider services)
    {
        var user = string.IsNullOrWhiteSpace(request.Email) ? null : await signIn.UserManager.FindByEmailAsync(request.Email.Trim());
        if (user is null || string.IsNullOrEmpty(request.Password))
        {
            return InvalidCredentials(null);
        }

        var result = await signIn.PasswordSignInAsync(user, request.Password, request.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return TypedResults.Ok(new SignInOutcome(false, await StaffMeAsync(signIn.UserManager, user, services, secondFactor: false)));
        }

        if (result.RequiresTwoFactor)
        {
            return TypedResults.Ok(new SignInOutcome(true, null));
        }

        if (result.IsLockedOut)
        {
            return Locked(await signIn.UserManager.GetLockoutEndDateAsync(user));
        }

        if (result.IsNotAllowed)
        {
            return Problems.Forbidden("sign-in-not-allowed", "This account may not sign in.");
        }

        var left = services.Security().MaxFailedAccessAttempts - await signIn.UserManager.GetAccessFailedCountAsync(user);
        return InvalidCredentials(left);
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
            ? Locked(await signIn.UserManager.GetLockoutEndDateAsync(user))
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
            ? Locked(await signIn.UserManager.GetLockoutEndDateAsync(user))
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
        return new Me("staff", user.DisplayName, roles, user.OrganizationId, null, null, user.TwoFactorEnabled, enrollmentRequired);
    }

    private static async Task<Results<Ok<TwoFactorSetup>, ProblemHttpResult>> GetTwoFactorSetupAsync(
        ClaimsPrincipal principal, UserManager<StaffUser> users, IServiceProvider services)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "not-signed-in", "Sign-in required.");
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
        var mandatory = services.TwoFactor().IsRequiredForRoles(await users.GetRolesAsync(user));
        return TypedResults.Ok(new TwoFactorSetup(user.TwoFactorEnabled, mandatory, FormatKey(key!), uri, svg,
            await users.CountRecoveryCodesAsync(user)));
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

    private static async Task<Results<NoContent, ProblemHttpResult>> DisableTwoFactorAsync(
        ClaimsPrincipal principal, SignInManager<StaffUser> signIn, IServiceProvider services)
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

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult InvalidCredentials(int? attemptsLeft) =>
        Problems.Of(StatusCodes.Status401Unauthorized, "invalid-credentials", "The e-mail address or password is wrong.",
            extensions: attemptsLeft is null ? null : new Dictionary<string, object?> { ["attemptsLeft"] = Math.Max(0, attemptsLeft.Value) });

    private static ProblemHttpResult Locked(DateTimeOffset? until) =>
        Problems.Of(StatusCodes.Status423Locked, "account-locked", "The account is locked after too many failed sign-ins.",
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
