using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Access;

/// <summary>Met when the user's roles do not require a second factor, or the session was opened with one
/// (Identity marks such sessions with <c>amr=mfa</c>).</summary>
public sealed class TwoFactorRequirement : IAuthorizationRequirement
{
    public const string FailureReason = "two-factor-required";
}

public sealed class TwoFactorPolicy(IOptions<SecurityOptions> options, IHostEnvironment environment)
{
    public bool Enforced => options.Value.EnforceTwoFactor ?? !environment.IsDevelopment();

    public bool IsRequiredFor(ClaimsPrincipal user) =>
        Enforced && options.Value.RequireTwoFactorForRoles.Any(user.IsInRole);

    public bool IsRequiredForRoles(IEnumerable<string> roles) =>
        Enforced && roles.Intersect(options.Value.RequireTwoFactorForRoles).Any();

    public static bool SessionHasSecondFactor(ClaimsPrincipal user) => user.HasClaim("amr", "mfa");
}

public sealed class TwoFactorRequirementHandler(TwoFactorPolicy policy) : AuthorizationHandler<TwoFactorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TwoFactorRequirement requirement)
    {
        if (!policy.IsRequiredFor(context.User) || TwoFactorPolicy.SessionHasSecondFactor(context.User))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, TwoFactorRequirement.FailureReason));
        }

        return Task.CompletedTask;
    }
}
