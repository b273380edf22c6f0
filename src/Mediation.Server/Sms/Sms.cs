using System.Collections.Concurrent;
using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Sms;

/// <summary>Why a message is sent; what the logs say of it instead of its text.</summary>
public enum SmsPurpose
{
    /// <summary>A one-time code for a party entering a case.</summary>
    InviteCode,

    /// <summary>A one-time code for a worker applying online.</summary>
    ApplicationCode,

    /// <summary>An online application's receipt with its tracking number.</summary>
    ApplicationReceipt,

    /// <summary>A session's time with the party's invite link.</summary>
    SessionInvitation,

    /// <summary>A one-time code confirming one signature on a document (an agreement, a session's record).</summary>
    SigningCode,

    /// <summary>The agreement is in effect, and what follows.</summary>
    AgreementInEffect,

    /// <summary>A session's record waits for the party's signature (在线调解规则 art. 22).</summary>
    RecordToConfirm,
}

/// <summary>A text message to a mainland mobile number, and the case (or, before there is one, the organization) it
/// belongs to: who may read it back in the development outbox.</summary>
public sealed record SmsMessage(string Phone, string Text, SmsPurpose Purpose, Guid OrganizationId, Guid? CaseId);

/// <summary>Sends text messages to mainland mobile numbers. A production deployment plugs in its SMS
/// gateway (the organization's contracted provider) behind this interface.</summary>
public interface ISmsSender
{
    Task SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

public sealed record SentSms(DateTime SentAtUtc, string Phone, string Text, SmsPurpose Purpose, Guid? CaseId);

/// <summary>
/// The development sender. It delivers nothing: in Development it keeps the last messages in memory for the outbox page
/// <c>/app/dev/sms</c>, so a developer or tester can read the code a party would get on the phone; elsewhere it keeps
/// nothing and warns that messages are not delivered. Its log lines name the purpose, the masked number and the
/// length, never the text: invite links and codes are secrets of the person they are sent to.
/// </summary>
public sealed class DevelopmentSmsSender(ILogger<DevelopmentSmsSender> logger, TimeProvider time, IHostEnvironment environment) : ISmsSender
{
    private const int Kept = 200;
    private readonly ConcurrentQueue<(SentSms Sms, Guid OrganizationId)> _sent = new();

    /// <summary>Whether messages are kept for the outbox (Development only).</summary>
    public bool KeepsOutbox => environment.IsDevelopment();

    public Task SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        if (!KeepsOutbox)
        {
            logger.LogWarning("SMS ({Purpose}) to {Phone} not delivered: no SMS gateway is configured (Sms:Sender=Development)", message.Purpose, message.Phone);
            return Task.CompletedTask;
        }

        _sent.Enqueue((new SentSms(time.GetUtcNow().UtcDateTime, message.Phone, message.Text, message.Purpose, message.CaseId), message.OrganizationId));
        while (_sent.Count > Kept && _sent.TryDequeue(out _))
        {
        }

        logger.LogInformation("SMS ({Purpose}) to {Phone}: {Length} characters, kept in the development outbox", message.Purpose, message.Phone, message.Text.Length);
        return Task.CompletedTask;
    }

    /// <summary>The newest messages first, of the organization, and (when given) only of these cases.</summary>
    public IReadOnlyList<SentSms> Recent(Guid organizationId, IReadOnlySet<Guid>? cases = null) =>
        [.. _sent.Reverse().Where(m => m.OrganizationId == organizationId && (cases is null || (m.Sms.CaseId is { } id && cases.Contains(id)))).Select(m => m.Sms)];

    /// <summary>Every kept message, newest first: for tests in the same process.</summary>
    public IReadOnlyList<SentSms> Recent() => [.. _sent.Reverse().Select(m => m.Sms)];
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
        builder.Services.AddSingleton<SmsTexts>();
        return builder;
    }

    /// <summary>The outbox exists only in Development: nowhere else are message texts kept.</summary>
    public static IEndpointRouteBuilder MapSmsApi(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            app.MapGet("/api/dev/sms", GetRecentAsync).WithTags("Development").RequireAuthorization(Policies.Staff)
                .WithSummary("Development only: the text messages the server would have sent, of the caller's own cases.");
        }

        return app;
    }

    /// <summary>An organization's admin reads the messages of the organization's cases and applications; a mediator
    /// those of the cases assigned to them. Nobody reads another organization's.</summary>
    private static async Task<Results<Ok<IReadOnlyList<SentSms>>, ProblemHttpResult>> GetRecentAsync(
        DevelopmentSmsSender sender, ClaimsPrincipal user, MediationDbContext db, CancellationToken ct)
    {
        if (user.OrganizationId() is not { } organization || !(user.IsInRole(Roles.OrgAdmin) || user.IsInRole(Roles.Mediator)))
        {
            return Problems.Forbidden("sms-outbox-forbidden", "Only the staff of a mediation organization read its outbox.");
        }

        if (user.IsInRole(Roles.OrgAdmin))
        {
            return TypedResults.Ok(sender.Recent(organization));
        }

        var me = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var assigned = await db.Cases.Where(c => c.OrganizationId == organization && c.MediatorUserId == me).Select(c => c.Id).ToListAsync(ct);
        return TypedResults.Ok(sender.Recent(organization, assigned.ToHashSet()));
    }
}
