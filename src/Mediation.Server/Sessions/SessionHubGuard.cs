using System.Threading.RateLimiting;
using Mediation.Server.Access;
using Microsoft.AspNetCore.SignalR;

namespace Mediation.Server.Sessions;

/// <summary>
/// What every hub call passes before the hub sees it. A connection lives for the whole session, far longer than the
/// request that opened it, so the caller's access is checked again on every call: the sign-in behind it (a party's
/// invite not revoked, a staff account not disabled) and the relation to the case it joined (a mediator still
/// assigned); a caller whose access ended is disconnected. And each connection spends from one budget for all its
/// calls, so no page can make the server announce changes to a room without end.
/// </summary>
public sealed class SessionHubGuard(SessionConnections connections) : IHubFilter
{
    /// <summary>Calls a connection may make at once, and then per second: a page refreshes its view on every change
    /// in the room and renegotiates now and then; a person clicks a few times a second at most.</summary>
    public const int Burst = 40;
    public const int PerSecond = 10;

    private const string BudgetKey = "budget";

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        context.Context.Items[BudgetKey] = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst,
            TokensPerPeriod = PerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        connections.Opened(context.Context, context.Context.User!.SessionPerson());
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        connections.Closed(context.Context.ConnectionId);
        try
        {
            await next(context, exception);
        }
        finally
        {
            (context.Context.Items[BudgetKey] as IDisposable)?.Dispose();
        }
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocation.Context;
        if (context.Items[BudgetKey] is not RateLimiter budget || !budget.AttemptAcquire().IsAcquired)
        {
            throw new HubException("rate-limited");
        }

        if (invocation.HubMethodName != nameof(SessionHub.Leave))
        {
            var access = invocation.ServiceProvider.GetRequiredService<CaseAccess>();
            var allowed = context.Items[SessionHub.CallerKey] is SessionCaller caller && invocation.HubMethodName != nameof(SessionHub.Join)
                ? await access.StillAllowedAsync(context.User!, caller.CaseId, caller.Relation, context.ConnectionAborted)
                : await access.SignInStillValidAsync(context.User!, context.ConnectionAborted);
            if (!allowed)
            {
                context.Abort();
                throw new HubException("access-ended");
            }
        }

        return await next(invocation);
    }
}
