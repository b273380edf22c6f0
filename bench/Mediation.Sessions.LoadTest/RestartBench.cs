using System.Globalization;
using Microsoft.Playwright;

namespace Mediation.Sessions.LoadTest;

/// <summary>Media back after a crash (see Program.cs): a mediator and two parties in Chromium, video flowing; the
/// server killed (kill -9), started again; the time from the restarted server answering /healthz to every page's remote
/// video moving again, with nobody on the pages doing anything.</summary>
internal static class RestartBench
{
    public static async Task RunAsync(BenchServer server, int runs)
    {
        var (orgAdmin, _) = await server.SignInAsync("orgadmin@demo.local");
        var (mediatorApi, _) = await server.SignInAsync("mediator@demo.local");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchServer.LaunchChromiumAsync(playwright);

        var (caseId, parties) = await server.NewCaseAsync(orgAdmin);
        var host = await server.HostInSessionAsync(browser, caseId);
        var pages = new List<IPage> { host };
        foreach (var party in parties)
        {
            var page = await server.NewPageAsync(browser);
            await server.SignInPartyAsync(page, mediatorApi, caseId, party);

            await page.GotoAsync($"/app/cases/{caseId}/session");
            await page.Locator("[data-test=join]").ClickAsync();
            await page.Locator("[data-test=lobby]").WaitForAsync();
            await host.WaitForFunctionAsync("() => document.querySelector('[data-test=lobby-video]')?.videoWidth > 0", null, new() { Timeout = 30_000 });
            var entry = host.Locator("[data-test=lobby-entry]").First;
            await entry.Locator("[data-test=identity-confirmed]").ClickAsync();
            await entry.Locator("[data-test=admit]").ClickAsync();
            await page.Locator("[data-test=session-state]").WaitForAsync();
            pages.Add(page);
        }

        await WaitForMediaAsync(pages, 0);
        var back = new List<double>();
        var healthy = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            await server.KillAsync();
            var killedAt = Now;
            await Task.Delay(2_000);
            await server.RestartAsync();
            var healthyAt = Now;
            healthy.Add(healthyAt - killedAt);
            back.Add(await WaitForMediaAsync(pages, healthyAt) - healthyAt);
            Console.WriteLine($"restart {run + 1}: healthy {healthyAt - killedAt} ms after the kill, media back on all three pages {back[^1]} ms after that");
        }

        Console.WriteLine();
        Console.WriteLine($"Media back after kill -9 and restart, Chromium {browser.Version} headless with fake devices, loopback, {server.Provider}, {runs} restarts");
        Console.WriteLine();
        Console.WriteLine("| measured | p50 ms | max ms |");
        Console.WriteLine("|---|---:|---:|");
        Row("killed → restarted server answers /healthz (2 s down, then start-up)", healthy);
        Row("healthy → every page's remote video moving again", back);
    }

    private static double Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>When every tile of every page last showed a picture that moved after <paramref name="since"/>.</summary>
    private static async Task<double> WaitForMediaAsync(IReadOnlyList<IPage> pages, double since)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var moved = true;
            foreach (var page in pages)
            {
                var at = await page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('[data-test=tile]')].map(t => Number(t.dataset.lastFrameAt))");
                moved &= at.Length == 2 && at.All(a => a > since);
            }

            if (moved)
            {
                return Now;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("media did not come back within a minute");
    }

    private static void Row(string name, List<double> values)
    {
        values.Sort();
        string F(double v) => v.ToString("F0", CultureInfo.InvariantCulture);
        Console.WriteLine($"| {name} | {F(values[values.Count / 2])} | {F(values[^1])} |");
    }
}
