using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Mediation.Domain.Cases;
using Mediation.Server.Sessions;
using Mediation.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Server.Tests;

/// <summary>A session's 调解笔录 (在线调解规则 art. 22): made when the session ends from what was said in the joint
/// room, signed by each party admitted and by the mediator, every signature valid to pdfsig and in the audit chain.</summary>
public sealed class SessionRecordApiTests : IDisposable
{
    private readonly ServerFactory _server = new();
    private readonly TemporaryDirectory _directory = new();

    public void Dispose()
    {
        _server.Dispose();
        _directory.Dispose();
    }

    /// <summary>A session of <paramref name="case"/>: the mediator hosts, the parties of <paramref name="sides"/> come
    /// in and are admitted, <paramref name="during"/> runs, and the mediator ends it.</summary>
    private async Task<Dictionary<PartySide, HttpClient>> SessionAsync(Case @case, PartySide[] sides, Func<HubConnection, Dictionary<PartySide, HubConnection>, Task> during)
    {
        await using var mediator = await _server.SessionHubAsync(await _server.SignedInAsync("mediator@demo.local"));
        await mediator.InvokeAsync<RoomView>("Join", @case.Id);
        var clients = new Dictionary<PartySide, HttpClient>();
        var hubs = new Dictionary<PartySide, HubConnection>();
        foreach (var side in sides)
        {
            clients[side] = await _server.PartyClientAsync(@case, side);
            hubs[side] = await _server.SessionHubAsync(clients[side]);
            await mediator.InvokeAsync("Admit", (await hubs[side].InvokeAsync<RoomView>("Join", @case.Id)).You!.Id, true);
        }

        await during(mediator, hubs);
        await mediator.InvokeAsync("End");
        foreach (var hub in hubs.Values)
        {
            await hub.DisposeAsync();
        }

        return clients;
    }

    private async Task<string> ToolAsync(string tool, byte[] pdf, params string[] arguments)
    {
        var path = Path.Combine(_directory.Path, Guid.NewGuid().ToString("N") + ".pdf");
        await File.WriteAllBytesAsync(path, pdf);
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(tool, [.. arguments, path, .. tool == "pdftotext" ? new[] { "-" } : []])
        {
            RedirectStandardOutput = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    private async Task<HttpResponseMessage> PartySignsAsync(HttpClient party, Case @case, Guid record, string slot, PartySide side, string? code = null)
    {
        if (code is null)
        {
            (await party.PostAsJsonAsync($"/api/cases/{@case.Id}/records/{record}/signing-code", new { slot })).EnsureSuccessStatusCode();
            code = _server.LastCodeSentTo(@case.Parties.First(p => p.Side == side).Phone);
        }

        return await party.PostAsJsonAsync($"/api/cases/{@case.Id}/records/{record}/signatures", new { version = 1, slot, strokes = ServerFactory.Strokes, padAspect = 3.0, code });
    }

    [Fact]
    public async Task The_record_of_an_ended_session_holds_the_joint_lines_and_is_confirmed_by_both_parties_and_the_mediator_each_signature_valid()
    {
        var @case = await _server.DemoCaseAsync();
        var clients = await SessionAsync(@case, [PartySide.Applicant, PartySide.Respondent], async (mediator, parties) =>
        {
            await parties[PartySide.Respondent].InvokeAsync("SendChat", "我方同意支付拖欠工资", Guid.NewGuid().ToString("N"));
            await mediator.InvokeAsync("StartCaucus", PartySide.Applicant);
            await parties[PartySide.Applicant].InvokeAsync("SendChat", "私下说：最低可以接受八千元", Guid.NewGuid().ToString("N"));
            await mediator.InvokeAsync("EndCaucus");
        });
        var staff = await _server.SignedInAsync("mediator@demo.local");
        var applicant = clients[PartySide.Applicant];
        var respondent = clients[PartySide.Respondent];

        var records = await (await applicant.GetAsync($"/api/cases/{@case.Id}/records")).JsonAsync();
        var record = Assert.Single(records.EnumerateArray());
        var id = record.GetProperty("id").GetGuid();
        Assert.Equal(["applicant-1", "respondent-1", "mediator"], record.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(["applicant-1"], record.GetProperty("slots").EnumerateArray().Where(s => s.GetProperty("mine").GetBoolean()).Select(s => s.GetProperty("name").GetString()));
        Assert.False(record.GetProperty("confirmed").GetBoolean());

        // What both sides said together is in it; a side's private line is not (the other side could not confirm it).
        var text = Regex.Replace(await ToolAsync("pdftotext", await respondent.GetByteArrayAsync($"/api/cases/{@case.Id}/records/{id}/document"), "-enc", "UTF-8"), @"\s", "");
        Assert.Contains("调解笔录", text, StringComparison.Ordinal);
        Assert.Contains("我方同意支付拖欠工资", text, StringComparison.Ordinal);
        Assert.Contains("在线调解结束", text, StringComparison.Ordinal);
        Assert.DoesNotContain("八千元", text, StringComparison.Ordinal);

        // Refusals that write nothing: another's slot, a wrong code, the mediator's slot for a party.
        await (await respondent.PostAsJsonAsync($"/api/cases/{@case.Id}/records/{id}/signing-code", new { slot = "applicant-1" })).AssertProblemAsync(403, "signature-slot-not-yours");
        await (await staff.PostAsJsonAsync($"/api/cases/{@case.Id}/records/{id}/signatures",
            new { version = 1, slot = "applicant-1", strokes = ServerFactory.Strokes, padAspect = 3.0, password = ServerFactory.DemoPassword })).AssertProblemAsync(403, "signature-slot-not-yours");
        (await applicant.PostAsJsonAsync($"/api/cases/{@case.Id}/records/{id}/signing-code", new { slot = "applicant-1" })).EnsureSuccessStatusCode();
        await (await PartySignsAsync(applicant, @case, id, "applicant-1", PartySide.Applicant, code: "000000")).AssertProblemAsync(400, "code-wrong");
        Assert.Empty(Regex.Matches(await ToolAsync("pdfsig", await staff.GetByteArrayAsync($"/api/cases/{@case.Id}/records/{id}/document")), "Signature is Valid"));

        _server.Time.Advance(TimeSpan.FromMinutes(2)); // past the resend interval
        (await PartySignsAsync(applicant, @case, id, "applicant-1", PartySide.Applicant)).EnsureSuccessStatusCode();
        (await staff.PostAsJsonAsync($"/api/cases/{@case.Id}/records/{id}/signatures",
            new { version = 1, slot = "mediator", strokes = ServerFactory.Strokes, padAspect = 3.0, password = ServerFactory.DemoPassword })).EnsureSuccessStatusCode();
        var last = await (await PartySignsAsync(respondent, @case, id, "respondent-1", PartySide.Respondent)).JsonAsync();
        Assert.True(last.GetProperty("confirmed").GetBoolean());

        var output = await ToolAsync("pdfsig", await applicant.GetByteArrayAsync($"/api/cases/{@case.Id}/records/{id}/document"));
        Assert.Equal(3, Regex.Matches(output, "Signature is Valid").Count);
        Assert.Contains("Total document signed", output, StringComparison.Ordinal);
        using var content = new ByteArrayContent(await applicant.GetByteArrayAsync($"/api/cases/{@case.Id}/records/{id}/document"));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        var verified = await (await _server.NewClient().PostAsync("/api/verify", content)).JsonAsync();
        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.ToString());
        Assert.Equal(["applicant-1", "mediator", "respondent-1"], verified.GetProperty("signatures").EnumerateArray().Select(s => s.GetProperty("field").GetString()));

        var timeline = await (await staff.GetAsync($"/api/cases/{@case.Id}/timeline")).JsonAsync();
        var actions = timeline.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal((1, 3), (actions.Count(a => a == "record-made"), actions.Count(a => a == "record-signed")));
        Assert.True(timeline.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task A_party_that_never_came_in_has_no_place_to_sign_and_a_record_is_found_only_under_its_own_case()
    {
        var @case = await _server.DemoCaseAsync();
        var other = await _server.AddCaseAsync("劳调〔2026〕第0401号", "13600000041");
        await SessionAsync(@case, [PartySide.Applicant], (_, _) => Task.CompletedTask);
        var respondent = await _server.PartyClientAsync(@case, PartySide.Respondent);

        var record = Assert.Single((await (await respondent.GetAsync($"/api/cases/{@case.Id}/records")).JsonAsync()).EnumerateArray());
        Assert.Equal(["applicant-1", "mediator"], record.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        // The party who took part is told by SMS that the record waits for its signature; the other is not.
        var outbox = _server.Services.GetRequiredService<Mediation.Server.Sms.DevelopmentSmsSender>().Recent();
        var applicantPhone = @case.Parties.First(p => p.Side == PartySide.Applicant).Phone;
        Assert.Single(outbox, m => m.Phone == applicantPhone && m.Purpose == Mediation.Server.Sms.SmsPurpose.RecordToConfirm && m.Text.Contains("调解笔录已生成", StringComparison.Ordinal));
        Assert.DoesNotContain(outbox, m => m.Purpose == Mediation.Server.Sms.SmsPurpose.RecordToConfirm && m.Phone != applicantPhone);
        var id = record.GetProperty("id").GetGuid();
        await (await respondent.PostAsJsonAsync($"/api/cases/{@case.Id}/records/{id}/signing-code", new { slot = "respondent-1" })).AssertProblemAsync(404, "signature-slot-not-found");

        // The same record asked for under another case (the caller's own) is not there.
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        await (await mediator.GetAsync($"/api/cases/{other.Id}/records/{id}/document")).AssertProblemAsync(404, "record-none");
        Assert.Empty((await (await mediator.GetAsync($"/api/cases/{other.Id}/records")).JsonAsync()).EnumerateArray());
    }
}
