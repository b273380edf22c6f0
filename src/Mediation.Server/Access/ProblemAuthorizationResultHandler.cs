using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Mediation.Server.Access;

/// <summary>Answers refused requests with problem details instead of cookie redirects: the API's callers are
/// the web app and other programs, and they need to know whether to sign in, enrol in two-factor, or stop.</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            return Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, "not-signed-in", "Sign-in required.");
        }

        if (authorizeResult.Forbidden)
        {
            var reasons = authorizeResult.AuthorizationFailure?.FailureReasons ?? [];
            return reasons.Any(r => r.Message == TwoFactorRequirement.FailureReason)
                ? Problems.WriteAsync(context, StatusCodes.Status403Forbidden, TwoFactorRequirement.FailureReason,
                    "Two-factor authentication is required for this account.",
                    "Enrol an authenticator app under Account security, then sign in with its code.")
                : Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "forbidden", "You may not do this.");
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
