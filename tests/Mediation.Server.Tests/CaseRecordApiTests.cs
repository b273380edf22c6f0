using System.Net.Http.Json;
using System.Text.Json;
using Mediation.Domain.Cases;

namespace Mediation.Server.Tests;

public sealed class CaseRecordApiTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    private static async Task<JsonElement> RecordAsync(HttpClient client, Guid caseId) => await (await client.GetAsync($"/api/cases/{caseId}/record")).JsonAsync();

    private static async Task<HttpResponseMessage> AddAsync(HttpClient client, Guid caseId, string kind, Guid? partyId, string text, Guid? version = null)
    {
        version ??= (await RecordAsync(client, caseId)).GetProperty("version").GetGuid();
        return await client.PostAsJsonAsync($"/api/cases/{caseId}/record/entries", new { kind, partyId, text, version });
    }

    [Fact]
    public async Task The_mediator_keeps_the_record_and_the_parties_read_it()
    {
        var @case = await _server.DemoCaseAsync();
        var applicant = @case.Parties.Single(p => p.Side == PartySide.Applicant);
        var mediator = await _server.SignedInAsync("mediator@demo.local");

        (await AddAsync(mediator, @case.Id, "Notice", null, "告知调解的性质、原则和效力，当事人的权利义务；告知虚假调解的法律后果。")).EnsureSuccessStatusCode();
        (await AddAsync(mediator, @case.Id, "Statement", applicant.Id, "公司自2026年8月起未发工资。")).EnsureSuccessStatusCode();
        var record = await (await AddAsync(mediator, @case.Id, "UndisputedFact", null, "双方确认2026年8月至10月工资未发放。")).JsonAsync();

        Assert.Equal("线上（调解在线平台）", record.GetProperty("place").GetString());
        Assert.Equal("王调解员", record.GetProperty("mediatorName").GetString());
        var lines = record.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], lines.Select(l => l.GetProperty("sequence").GetInt32()));
        Assert.Equal("李明", lines[1].GetProperty("partyName").GetString());
        Assert.Equal("UndisputedFact", lines[2].GetProperty("kind").GetString());

        var timeline = await (await mediator.GetAsync($"/api/cases/{@case.Id}/timeline")).JsonAsync();
        Assert.Equal(3, timeline.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("action").GetString() == "record-entry"));
        Assert.True(timeline.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Bad_lines_and_stale_copies_are_refused()
    {
        var @case = await _server.DemoCaseAsync();
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        await (await AddAsync(mediator, @case.Id, "Statement", Guid.NewGuid(), "谁？")).AssertProblemAsync(400, "party-not-found");
        await (await AddAsync(mediator, @case.Id, "Note", null, new string('字', RecordEntry.MaxTextLength + 1))).AssertProblemAsync(400, "record-text");
        var stale = (await RecordAsync(mediator, @case.Id)).GetProperty("version").GetGuid();
        (await AddAsync(mediator, @case.Id, "Note", null, "第一条")).EnsureSuccessStatusCode();
        await (await AddAsync(mediator, @case.Id, "Note", null, "第二条", stale)).AssertProblemAsync(409, "case-version-conflict");
        var clerk = await _server.SignedInAsync("clerk@demo.local");
        await (await clerk.GetAsync($"/api/cases/{@case.Id}/record")).AssertProblemAsync(403, "case-forbidden");
    }
}
