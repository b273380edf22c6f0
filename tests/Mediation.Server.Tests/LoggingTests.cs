using System.Net.Http.Json;
using Mediation.Server.Hosting;
using Mediation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Mediation.Server.Tests;

public class LoggingTests
{
    private sealed class Collector : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];
        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }

    private static (ILogger Logger, Collector Collector) MaskedLogger()
    {
        var collector = new Collector();
        var logger = new LoggerConfiguration().WriteTo.Masked(s => s.Sink(collector)).CreateLogger();
        return (logger, collector);
    }

    private static string Render(LogEvent e) => e.RenderMessage() + " " + e.Exception;

    [Fact]
    public void Properties_literal_text_nested_values_and_exceptions_are_masked()
    {
        var (logger, collector) = MaskedLogger();
        logger.Information("Party {Phone} with ID {IdNumber}", "13800000001", "370303199001011234");
        logger.Information("Inline 13900000002 in the template itself");
        logger.Information("As a number {Phone}", 13700000003L);
        logger.Information("Nested {@Party}", new { Name = "李明", Phones = new[] { "13600000004" }, Id = "11010119900307123X" });
        logger.Error(new InvalidOperationException("Failed for 13500000005"), "Lookup failed");

        var text = string.Join("\n", collector.Events.Select(Render));
        foreach (var secret in new[] { "13800000001", "370303199001011234", "13900000002", "13700000003", "13600000004", "11010119900307123X", "13500000005" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.Contains("138****0001", text, StringComparison.Ordinal);
        Assert.Contains("370***********1234", text, StringComparison.Ordinal);
        Assert.Contains("139****0002", text, StringComparison.Ordinal);
        Assert.Contains("135****0005", text, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokens_codes_passwords_secrets_and_cookies_are_masked_wherever_they_appear()
    {
        var (logger, collector) = MaskedLogger();
        const string Token = "q3Zp9Xb_2kLmNoPqRsTuVwXyZ0123456789abcdEFGhij";
        logger.Information("Link {Link}", $"https://mediation.example/join#{Token}");
        logger.Information("SMS text {Text}", "【调解在线】您正在进入调解案件，验证码 482913，5分钟内有效。");
        logger.Information("Receipt {Text}", "查询码AB12CD34，请保存");
        logger.Information("Body {Body}", "{\"token\":\"" + Token + "\",\"code\":\"482913\",\"password\":\"Demo@2026!\"}");
        logger.Information("Query {Query}", "?token=" + Token + "&password=hunter2hunter2");
        logger.Information("Authenticator {Uri}", "otpauth://totp/Mediation.Online:a@b?secret=JBSWY3DPEHPK3PXP&issuer=x");
        logger.Information("Headers {Cookie}", "med.staff=CfDJ8NkL; __Host-med.party=CfDJ8Abc; .AspNetCore.Identity.Application=CfDJ8Zz");
        logger.Information("Auth {Header}", "Bearer eyJhbGciOiJIUzI1NiJ9.abc.def");
        logger.Information("Named {Password} {SharedKey} {RecoveryCodes} {Token}", "plain-secret-1", "jbsw y3dp", "abc12-def34", Guid.NewGuid());
        logger.Error(new InvalidOperationException($"Redeeming token={Token} failed"), "Invite failed");

        var text = string.Join("\n", collector.Events.Select(Render));
        foreach (var secret in new[] { Token, "482913", "AB12CD34", "Demo@2026!", "hunter2hunter2", "JBSWY3DPEHPK3PXP", "CfDJ8NkL", "CfDJ8Abc", "CfDJ8Zz",
                     "eyJhbGciOiJIUzI1NiJ9", "plain-secret-1", "jbsw y3dp", "abc12-def34" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.Contains("/join#***", text, StringComparison.Ordinal);
        Assert.Contains("验证码 ***", text, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_party_joining_and_a_staff_member_enrolling_leave_no_token_code_password_or_secret_in_the_log_file()
    {
        using var server = new ServerFactory();
        var @case = await server.DemoCaseAsync();
        var applicant = @case.Parties.Single(p => p.Side == Domain.Cases.PartySide.Applicant);
        var mediator = await server.SignedInAsync("mediator@demo.local");
        var link = (await (await mediator.PostAsync($"/api/cases/{@case.Id}/parties/{applicant.Id}/invites", null)).JsonAsync()).GetProperty("link").GetString()!;
        var token = link[(link.IndexOf('#', StringComparison.Ordinal) + 1)..];
        var party = server.NewClient();
        (await party.PostAsJsonAsync("/api/join/code", new { token })).EnsureSuccessStatusCode();
        var code = server.LastCodeSentTo(applicant.Phone);
        (await party.PostAsJsonAsync("/api/join/verify", new { token, code })).EnsureSuccessStatusCode();
        (await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/sessions", new { startsAtUtc = server.Time.GetUtcNow().UtcDateTime.AddDays(1) })).EnsureSuccessStatusCode();
        var setup = await (await mediator.GetAsync("/api/account/two-factor")).JsonAsync();
        var key = setup.GetProperty("sharedKey").GetString()!;
        var recovery = await (await mediator.PostAsJsonAsync("/api/account/two-factor/enable", new { code = Totp.Code(key, server.Time.GetUtcNow()) })).JsonAsync();
        var scheduled = server.Services.GetRequiredService<Sms.DevelopmentSmsSender>().Recent().Select(m => m.Text).ToList();

        var text = await ReadLogUntilAsync(server.DataDirectory, "scheduled for");
        Assert.Contains("InviteCode", text, StringComparison.Ordinal); // the SMS is logged by purpose…
        var secrets = new List<string> { token, code, ServerFactory.DemoPassword, key, key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() };
        secrets.AddRange(recovery.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!));
        secrets.AddRange(scheduled.Select(s => s[(s.IndexOf("#", StringComparison.Ordinal) + 1)..]).Where(s => s.Length > 20));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal); // …never by its text
        }
    }

    [Fact]
    public void Events_without_personal_data_pass_through_untouched()
    {
        var (logger, collector) = MaskedLogger();
        logger.Information("Case {CaseNumber} opened by {User}", "劳调〔2026〕第0001号", "mediator@demo.local");
        Assert.Equal("Case \"劳调〔2026〕第0001号\" opened by \"mediator@demo.local\"", collector.Events.Single().RenderMessage());
    }

    [Fact]
    public async Task The_log_file_on_disk_holds_only_masked_phone_numbers()
    {
        using var server = new ServerFactory();
        var @case = await server.DemoCaseAsync();
        var applicant = @case.Parties.Single(p => p.Side == Domain.Cases.PartySide.Applicant);
        var mediator = await server.SignedInAsync("mediator@demo.local");
        var issued = await (await mediator.PostAsync($"/api/cases/{@case.Id}/parties/{applicant.Id}/invites", null)).JsonAsync();
        var link = issued.GetProperty("link").GetString()!;
        (await server.NewClient().PostAsJsonAsync("/api/join/code", new { token = link[(link.IndexOf('#', StringComparison.Ordinal) + 1)..] })).EnsureSuccessStatusCode();

        var text = await ReadLogUntilAsync(server.DataDirectory, "One-time code sent to {Phone}");
        Assert.Contains("138****0001", text, StringComparison.Ordinal);
        Assert.DoesNotContain(applicant.Phone, text, StringComparison.Ordinal);
        Assert.DoesNotContain(applicant.IdNumber!, text, StringComparison.Ordinal);
    }

    /// <summary>The file sink writes on its own schedule: read until the expected event is there, or give up.</summary>
    private static async Task<string> ReadLogUntilAsync(string dataDirectory, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var text = "";
        while (DateTime.UtcNow < deadline)
        {
            text = string.Join("\n", Directory.GetFiles(Path.Combine(dataDirectory, "logs"), "mediation-*.log").Select(ReadShared));
            if (text.Contains(expected, StringComparison.Ordinal))
            {
                return text;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"'{expected}' never reached the log file:\n{text}");
        return text;
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }
}
