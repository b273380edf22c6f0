using static Microsoft.Playwright.Assertions;

namespace Mediation.EndToEnd.Tests;

[Collection(nameof(BrowserServer))]
public sealed class CaseTests(BrowserServer server)
{
    [Fact]
    public async Task A_mediator_starts_the_mediation_from_the_case_page_and_the_log_shows_it_intact()
    {
        var page = await server.SignedInPageAsync("mediator@demo.local");
        await page.GotoAsync("/app/cases");
        await Expect(page.Locator("[data-test=cases]")).ToContainTextAsync("已指派调解员");
        await Expect(page.Locator("[data-test=deadline]").First).ToContainTextAsync("调解期限");
        await page.Locator("[data-test=cases]").GetByText("查看").ClickAsync();

        await Expect(page.Locator("[data-test=case-status]")).ToHaveTextAsync("已指派调解员");
        await Expect(page.Locator("[data-test=claims]")).ToContainTextAsync("劳动报酬");
        await page.Locator("[data-test=command-StartMediation]").ClickAsync();
        await page.Locator(".el-message-box__btns .el-button--primary").ClickAsync();
        await Expect(page.Locator("[data-test=case-status]")).ToHaveTextAsync("调解中");
        await Expect(page.Locator("[data-test=timeline-state]")).ToHaveTextAsync("日志完整，未被篡改");
        await Expect(page.Locator("[data-test=timeline]")).ToContainTextAsync("开始调解");
    }
}
