using System.Collections.Concurrent;
using Mediation.Domain.Access;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mediation.Server.Sms;

/// <summary>Sends text messages to mainland mobile numbers. A production deployment plugs in its SMS
/// gateway (the organization's contracted provider) behind this interface.</summary>
public interface ISmsSender
{
    Task SendAsync(string phone, string text, CancellationToken cancellationToken);
}

public sealed record SentSms(DateTime SentAtUtc, string Phone, string Text);

/// <summary>
/// The development sender: writes each message to the log and keeps the last ones in memory for the staff
/// page <c>/app/dev/sms</c>, so a developer or tester can read the code a party would get on the phone.
/// </summary>
public sealed class DevelopmentSmsSender(ILogger<DevelopmentSmsSender> logger, TimeProvider time) : ISmsSender
{
    private const int Kept = 200;
    private readonly ConcurrentQueue<SentSms> _sent = new();

    public Task SendAsync(string phone, string text, CancellationToken cancellationToken)
    {
        _sent.Enqueue(new SentSms(time.GetUtcNow().UtcDateTime, phone, text));
        while (_sent.Count > Kept && _sent.TryDequeue(out _))
        {
        }

        logger.LogInformation("SMS to {Phone}: {Text}", phone, text);
        return Task.CompletedTask;
    }

    public IReadOnlyList<SentSms> Recent() => [.. _sent.Reverse()];
}

/// <summary><c>Sms:*</c>.</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";
    public const string DevelopmentSender = "Development";

    /// <summary>Which sender delivers messages. Only <c>Development</c> exists until a gateway is contracted.</summary>
    public string Sender { get; set; } = DevelopmentSender;

    /// <summary>The signature the gateway prefixes, 【…】 as Chinese SMS rules require.</summary>
    public string Signature { get; set; } = "调解在线";
}

public static class SmsExtensions
{
    public static IHostApplicationBuilder AddSms(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section)
            .Validate(o => o.Sender == SmsOptions.DevelopmentSender, "Sms:Sender must name an available sender (Development).")
            .ValidateOnStart();
        builder.Services.AddSingleton<DevelopmentSmsSender>();
        builder.Services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<DevelopmentSmsSender>());
        return builder;
    }

    public static IEndpointRouteBuilder MapSmsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dev/sms", GetRecent).WithTags("Development").RequireAuthorization(Policies.Staff);
        return app;
    }

    /// <summary>A development aid for the staff who run test mediations (not court clerks, who never send
    /// invites). It exists only while the development sender is in use.</summary>
    private static Results<Ok<IReadOnlyList<SentSms>>, ProblemHttpResult> GetRecent(
        DevelopmentSmsSender sender, Microsoft.Extensions.Options.IOptions<SmsOptions> options, System.Security.Claims.ClaimsPrincipal user)
    {
        if (options.Value.Sender != SmsOptions.DevelopmentSender)
        {
            return Problems.NotFound("sms-outbox-unavailable", "Messages go through a real SMS gateway; there is no outbox to show.");
        }

        if (!user.IsInRole(Roles.PlatformAdmin) && !user.IsInRole(Roles.OrgAdmin) && !user.IsInRole(Roles.Mediator))
        {
            return Problems.Forbidden("forbidden", "You may not read the SMS outbox.");
        }

        return TypedResults.Ok(sender.Recent());
    }
}
