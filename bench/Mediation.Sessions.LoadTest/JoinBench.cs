using System.Globalization;
using Microsoft.Playwright;

namespace Mediation.Sessions.LoadTest;

/// <summary>Join to first remote video frame in Chromium, on loopback (see Program.cs).</summary>
internal static class JoinBench
{
    /// <summary>Started in the page when the measured action begins: notes when a remote video tile first decodes.</summary>
    private const string Watch = """
        () => {
          window.benchStart = performance.now();
          window.benchFirstFrame = undefined;
          const poll = setInterval(() => {
            const tiles = [...document.querySelectorAll('[data-test=tile]')];
            if (tiles.length > 0 && tiles.every(t => Number(t.dataset.frames) > 0)) { window.benchFirstFrame = performance.now(); clearInterval(poll); }
          }, 10);
        }
        """;

    public static async Task RunAsync(BenchServer server, int runs)
    {
        var (orgAdmin, _) = await server.SignInAsync("orgadmin@demo.local");
        var (mediatorApi, _) = await server.SignInAsync("mediator@demo.local");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchServer.LaunchChromiumAsync(playwright);

        var admitted = new List<double>();
        var joined = new List<double>();
        for (var run = 0; run < runs + 1; run++)
        {
            var (caseId, parties) = await server.NewCaseAsync(orgAdmin);
            var host = await server.HostInSessionAsync(browser, caseId);

            var party = await server.NewPageAsync(browser);
            await server.SignInPartyAsync(party, mediatorApi, caseId, parties[0]);

            await party.GotoAsync($"/app/cases/{caseId}/session");
            await party.Locator("[data-test=join]").ClickAsync();
            await party.Locator("[data-test=lobby]").WaitForAsync();
            // The host sees the waiting party's camera before ticking the identity check.
            await host.WaitForFunctionAsync("() => document.querySelector('[data-test=lobby-video]')?.videoWidth > 0", null, new() { Timeout = 30_000 });

            // Admission → the party's first remote frame.
            await party.EvaluateAsync(Watch);
            var entry = host.Locator("[data-test=lobby-entry]").First;
            await entry.Locator("[data-test=identity-confirmed]").ClickAsync();
            await entry.Locator("[data-test=admit]").ClickAsync();
            admitted.Add(await FirstFrameAsync(party));

            // The mediator leaves and joins again: join click → first remote frame.
            await host.Locator("[data-test=leave]").ClickAsync();
            await host.Locator("[data-test=leave-confirmed]").ClickAsync();
            await host.WaitForURLAsync($"**/app/cases/{caseId}");
            await host.GotoAsync($"/app/cases/{caseId}/session");
            await host.Locator("[data-test=join]").WaitForAsync();
            await host.EvaluateAsync(Watch);
            await host.Locator("[data-test=join]").ClickAsync();
            joined.Add(await FirstFrameAsync(host));
            if (run == 0)
            {
                // The first run warms the server and the browser up; it is not counted.
                admitted.Clear();
                joined.Clear();
            }

            await host.Context.CloseAsync();
            await party.Context.CloseAsync();
        }

        Console.WriteLine();
        Console.WriteLine($"Join to first remote video frame, Chromium {browser.Version} headless with fake devices, loopback, {runs} runs (after one warm-up)");
        Console.WriteLine();
        Console.WriteLine("| measured | p50 ms | p90 ms | min ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Row("party: admitted → first remote frame (its connection is up from the lobby)", admitted);
        Row("mediator: join click → first remote frame (camera, hub, ICE, DTLS included)", joined);
    }

    private static async Task<double> FirstFrameAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.benchFirstFrame !== undefined", null, new() { Timeout = 30_000, PollingInterval = 20 });
        return await page.EvaluateAsync<double>("() => window.benchFirstFrame - window.benchStart");
    }

    private static void Row(string name, List<double> values)
    {
        values.Sort();
        string F(double v) => v.ToString("F0", CultureInfo.InvariantCulture);
        Console.WriteLine($"| {name} | {F(values[values.Count / 2])} | {F(values[Math.Min(values.Count - 1, (int)(values.Count * 0.9))])} | {F(values[0])} | {F(values[^1])} |");
    }

}
