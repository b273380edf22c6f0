using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediation.EndToEnd.Tests;

/// <summary>The SFU against real, independent peers: three Chromium pages in one case's room, each publishing its
/// fake camera and microphone through our server, each decoding both others' video and receiving their audio.</summary>
[Collection(nameof(BrowserServer))]
public sealed class SessionTests(BrowserServer server)
{
    internal const string BothTilesFlowing = """
        () => {
          const tiles = [...document.querySelectorAll('[data-test=tile]')];
          return tiles.length === 2 && tiles.every(t => Number(t.dataset.frames) > 10 && Number(t.dataset.audioPackets) > 20);
        }
        """;

    [Fact]
    public async Task A_mediator_and_both_parties_each_decode_the_two_others_video_and_receive_their_audio()
    {
        using var mediatorApi = await StaffApiAsync(server, "mediator@demo.local");
        var (caseId, demo) = await RoomCaseAsync(server, "13700001");

        var pages = await RoomPagesAsync(server, mediatorApi, caseId, demo);
        await EnterRoomAsync(pages.Take(2).ToList(), caseId);

        // The third joins late: its first picture of each other participant must come at once, not at the next
        // key frame the publishers happen to send (the SFU asks them for one as it creates the consumer).
        var late = pages[2];
        await late.GotoAsync($"/app/cases/{caseId}/session");
        await late.Locator("[data-test=join]").ClickAsync();
        await Expect(late.Locator("[data-test=lobby]")).ToBeVisibleAsync();
        // Timed in the page from the admission on: when its connection comes up, when both others' video decodes.
        await late.EvaluateAsync("""
            () => {
              window.admittedAt = performance.now();
              const poll = setInterval(() => {
                const state = document.querySelector('[data-test=session-state]');
                if (state && state.dataset.connection === 'connected' && !window.connectedAt) window.connectedAt = performance.now();
                const tiles = [...document.querySelectorAll('[data-test=tile]')];
                if (window.connectedAt && tiles.length === 2 && tiles.every(t => Number(t.dataset.frames) > 0)) { window.firstFramesAt = performance.now(); clearInterval(poll); }
              }, 20);
            }
            """);
        await AdmitNextAsync(pages[0]);
        await late.WaitForFunctionAsync("() => window.firstFramesAt", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        var connectedMs = await late.EvaluateAsync<double>("() => window.connectedAt - window.admittedAt");
        var videoMs = await late.EvaluateAsync<double>("() => window.firstFramesAt - window.connectedAt");
        Console.WriteLine($"late joiner: in the room {connectedMs:F0} ms after the admit click, both others' video decoded {videoMs:F0} ms later");
        // In the room, the page renegotiates for the others' tracks and the SFU asks their publishers for a key frame
        // at once. One sample on a loaded two-core machine varies with how fast each publisher paces out its fresh
        // key frame (0.1–1.6 s seen here on 2026-12-01; 1.0–2.6 s on 2026-12-02, when the join benchmark gave the
        // previous build 1.7 s p50 for admission as well: bench/README.md). The bound is for the whole path
        // (renegotiation, consumers, key frame) staying within seconds; the benchmark is where its speed is measured.
        Assert.True(videoMs < 3_000, $"the late joiner decoded both others' video {videoMs:F0} ms after entering the room");

        foreach (var page in pages)
        {
            await Expect(page.Locator("[data-test=tile]")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
            await page.WaitForFunctionAsync(BothTilesFlowing, null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        }

        // Still flowing, not a burst at the start.
        var frames = await pages[1].EvaluateAsync<int[]>("() => [...document.querySelectorAll('[data-test=tile]')].map(t => Number(t.dataset.frames))");
        await pages[1].WaitForFunctionAsync($$"""
            () => [...document.querySelectorAll('[data-test=tile]')].every((t, i) => Number(t.dataset.frames) > [{{string.Join(',', frames)}}][i] + 10)
            """, null, new PageWaitForFunctionOptions { Timeout = 30_000 });

        Console.WriteLine("no loss: " + await pages[0].EvaluateAsync<string>("() => JSON.stringify([...document.querySelectorAll('[data-test=tile]')].map(t => ({ ...t.dataset })))"));

        // Chromium's fake microphone beeps: the server reads the levels (RFC 6464) and names a speaker, whose tile
        // the other pages highlight.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await Task.WhenAll(pages.Select(p => p.Locator("[data-test=tile][data-speaking=true]").CountAsync()))).Any(n => n > 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "no page highlighted an active speaker");
            await Task.Delay(200);
        }

        foreach (var page in pages)
        {
            await page.Locator("[data-test=leave]").ClickAsync();
        }
    }

    internal static async Task<HttpClient> StaffApiAsync(BrowserServer server, string email)
    {
        var api = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(server.BaseUrl) };
        (await api.PostAsJsonAsync("/api/auth/sign-in", new { email, password = BrowserServer.DemoPassword })).EnsureSuccessStatusCode();
        return api;
    }

    /// <summary>A case of the test's own, assigned to the demo mediator, whose parties have phones starting with
    /// <paramref name="phonePrefix"/> (eight digits): the one-time-code limits per phone are then the test's alone.</summary>
    internal static async Task<(Guid CaseId, JsonElement Case)> RoomCaseAsync(BrowserServer server, string phonePrefix)
    {
        using var admin = await StaffApiAsync(server, "orgadmin@demo.local");
        var created = await admin.PostAsJsonAsync("/api/cases", new
        {
            channel = "Staff",
            subject = "视频调解测试",
            facts = "双方同意在线视频调解。",
            applicants = new[] { new { kind = "NaturalPerson", name = "周工", phone = phonePrefix + "001" } },
            respondents = new[] { new { kind = "Organization", name = "淄博某测试有限公司", phone = phonePrefix + "002" } },
            claims = new[] { new { category = "LaborRemuneration", description = "支付工资", amount = 1000m, obligor = "Respondent" } },
        });
        created.EnsureSuccessStatusCode();
        var detail = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var caseId = detail.GetProperty("case").GetProperty("id").GetGuid();
        var mediator = JsonDocument.Parse(await admin.GetStringAsync("/api/roster")).RootElement.EnumerateArray()
            .First(m => m.GetProperty("email").GetString() == "mediator@demo.local").GetProperty("userId").GetString();
        foreach (var body in new Dictionary<string, object?>[] { new() { ["command"] = "Accept" }, new() { ["command"] = "AssignMediator", ["mediatorUserId"] = mediator } })
        {
            body["version"] = JsonDocument.Parse(await admin.GetStringAsync($"/api/cases/{caseId}")).RootElement.GetProperty("case").GetProperty("version").GetGuid();
            (await admin.PostAsJsonAsync($"/api/cases/{caseId}/commands", body)).EnsureSuccessStatusCode();
        }

        return (caseId, JsonDocument.Parse(await admin.GetStringAsync($"/api/cases/{caseId}")).RootElement.GetProperty("case"));
    }

    /// <summary>The mediator's page schedules a session of the case for 09:30 tomorrow from the case page, as a
    /// mediator would (the date picker, then the button); each party is sent an SMS.</summary>
    internal static async Task ScheduleTomorrowAsync(IPage page, Guid caseId)
    {
        await page.GotoAsync($"/app/cases/{caseId}");
        var tomorrow = DateTime.Now.AddDays(1).ToString("yyyy-MM-dd 09:30", System.Globalization.CultureInfo.InvariantCulture);
        await page.Locator("[data-test=session-starts-at] input").FillAsync(tomorrow);
        await page.Locator("[data-test=session-starts-at] input").PressAsync("Enter");
        await page.Locator("[data-test=session-schedule]").ClickAsync();
        await Expect(page.Locator("[data-test=session-scheduled]")).ToBeVisibleAsync();
    }

    /// <summary>The host's page (first) opens the session; each party's page joins, waits in the lobby and is
    /// admitted by the host after the identity check.</summary>
    internal static async Task EnterRoomAsync(IReadOnlyList<IPage> pages, Guid caseId)
    {
        await pages[0].GotoAsync($"/app/cases/{caseId}/session");
        await pages[0].Locator("[data-test=join]").ClickAsync();
        await Expect(pages[0].Locator("[data-test=session-state]")).ToBeVisibleAsync();
        foreach (var party in pages.Skip(1))
        {
            await party.GotoAsync($"/app/cases/{caseId}/session");
            await party.Locator("[data-test=join]").ClickAsync();
            await Expect(party.Locator("[data-test=lobby]")).ToHaveAttributeAsync("data-lobby", "Waiting");
            await AdmitNextAsync(pages[0]);
            await Expect(party.Locator("[data-test=session-state]")).ToBeVisibleAsync();
        }
    }

    /// <summary>The host ticks the identity check of the one waiting in the lobby and admits them.</summary>
    internal static async Task AdmitNextAsync(IPage host)
    {
        var entry = host.Locator("[data-test=lobby-entry]").First;
        // The host sees the waiting party's camera (sent to the host alone) to compare with the ID on record.
        await host.WaitForFunctionAsync("() => document.querySelector('[data-test=lobby-video]')?.videoWidth > 0", null,
            new PageWaitForFunctionOptions { Timeout = 30_000 });
        await entry.Locator("[data-test=identity-confirmed]").ClickAsync();
        await entry.Locator("[data-test=admit]").ClickAsync();
        await Expect(host.Locator("[data-test=lobby-entry]")).ToHaveCountAsync(0);
    }

    /// <summary>The case's mediator and both parties, each signed in on a page of their own; with
    /// <paramref name="respondentOnPhone"/>, the respondent's page in a phone's viewport (390 × 844, touch).</summary>
    internal static async Task<List<IPage>> RoomPagesAsync(BrowserServer server, HttpClient mediatorApi, Guid caseId, JsonElement demo, bool respondentOnPhone = false)
    {
        var pages = new List<IPage> { await server.SignedInPageAsync("mediator@demo.local") };
        foreach (var party in demo.GetProperty("parties").EnumerateArray())
        {
            pages.Add(await PartyPageAsync(server, mediatorApi, caseId, party.GetProperty("id").GetGuid(), party.GetProperty("phone").GetString()!,
                respondentOnPhone && party.GetProperty("side").GetString() == "Respondent"));
        }

        return pages;
    }

    private static async Task<IPage> PartyPageAsync(BrowserServer server, HttpClient mediatorApi, Guid caseId, Guid partyId, string phone, bool onPhone)
    {
        var issued = JsonDocument.Parse(await (await mediatorApi.PostAsync($"/api/cases/{caseId}/parties/{partyId}/invites", null)).Content.ReadAsStringAsync()).RootElement;
        var page = await server.NewPageAsync(onPhone);
        await page.GotoAsync(issued.GetProperty("link").GetString()!);
        await page.Locator("[data-test=send-code]").ClickAsync();
        await Expect(page.Locator("[data-test=sent]")).ToBeVisibleAsync();
        await page.Locator("input[data-test=code]").FillAsync(await server.LastCodeSentToAsync(phone));
        await page.Locator("[data-test=enter]").ClickAsync();
        await page.WaitForURLAsync("**/app");
        return page;
    }
}
