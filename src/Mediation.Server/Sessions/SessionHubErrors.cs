using Mediation.Server.Hosting;
using Microsoft.AspNetCore.SignalR;

namespace Mediation.Server.Sessions;

/// <summary>
/// What a hub call's failure becomes: a <see cref="HubException"/> (a refusal with a stable code the page
/// translates) goes back as it is and is logged at Debug; the database or Redis being away for a while
/// (<see cref="Outages"/>) reaches the page as its code, to try again shortly; anything else is a defect, logged as
/// an error with the method, and reaches the page as <c>internal-error</c> without internals.
/// </summary>
public sealed class SessionHubErrors(ILogger<SessionHubErrors> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocation);
        }
        catch (HubException refused)
        {
            logger.LogDebug("Hub call {Method} refused: {Code}", invocation.HubMethodName, refused.Message);
            throw;
        }
        catch (Exception e) when (Outages.CodeOf(e) is { } outage)
        {
            logger.LogWarning("Hub call {Method} failed for an outage: {Code} ({Error})", invocation.HubMethodName, outage, e.GetBaseException().Message);
            throw new HubException(outage);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Hub call {Method} failed", invocation.HubMethodName);
            throw new HubException("internal-error");
        }
    }
}
