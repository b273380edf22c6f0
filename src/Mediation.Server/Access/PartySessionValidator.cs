using System.Security.Claims;
using Mediation.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Mediation.Server.Access;

/// <summary>A party cookie is honoured only while its session row is active: revoking the invite (or the
/// session) ends it at the next request, not when the cookie runs out.</summary>
public static class PartySessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var sessionId = context.Principal?.FindFirstValue(PartyAuthentication.SessionIdClaim);
        if (!Guid.TryParse(sessionId, out var id))
        {
            await RejectAsync(context);
            return;
        }

        var services = context.HttpContext.RequestServices;
        var db = services.GetRequiredService<MediationDbContext>();
        var session = await db.PartySessions.FindAsync([id], context.HttpContext.RequestAborted);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        if (session is null || !session.IsActiveAt(now))
        {
            await RejectAsync(context);
        }
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(PartyAuthentication.Scheme);
    }
}
