using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediation.EndToEnd.Tests;

[CollectionDefinition(nameof(BrowserServer))]
public sealed class BrowserServerCollection : ICollectionFixture<BrowserServer>;

[Collection(nameof(BrowserServer))]
public sealed class ShellTests(BrowserServer server)
{
    [Fact]
    public async Task A_mediator_signs_in_and_finds_the_case_in_a_shell_made_for_the_role()
    {
        var page = await server.SignedInPageAsync("mediator@demo.local");
        await Expect(page.Locator("[data-test=who]")).ToContainTextAsync("王调解员 · 调解员");
        var nav = page.Locator("[data-test=nav]");
        await Expect(nav).ToContainTextAsync("案件");
        await Expect(nav).ToContainTextAsync("账户安全");

        await nav.GetByText("案件").ClickAsync();
        await page.WaitForURLAsync("**/app/cases");
        await Expect(page.Locator("[data-test=cases]")).ToContainTextAsync("劳调〔2026〕第0001号");
        await page.Locator("[data-test=cases] .el-table__row", new() { HasText = "劳调〔2026〕第0001号" }).GetByText("查看").ClickAsync();
        await Expect(page.Locator("[data-test=parties]")).ToContainTextAsync("淄博恒信机械制造有限公司");
    }

    [Fact]
    public async Task Each_role_sees_its_own_navigation()
    {
        var page = await server.SignedInPageAsync("orgadmin@demo.local");
        await Expect(page.Locator("[data-test=nav]")).ToContainTextAsync("调解员名册");
        await Expect(page.Locator("[data-test=nav]")).ToContainTextAsync("工作人员");
        var clerk = await server.SignedInPageAsync("clerk@demo.local");
        await Expect(clerk.Locator("[data-test=who]")).ToContainTextAsync("法院书记员");
        await Expect(clerk.Locator("[data-test=nav]")).ToContainTextAsync("案件");
        await Expect(clerk.Locator("[data-test=nav]")).Not.ToContainTextAsync("调解员名册");
        await Expect(clerk.Locator("[data-test=nav]")).Not.ToContainTextAsync("工作人员");
        var admin = await server.SignedInPageAsync("admin@demo.local");
        await Expect(admin.Locator("[data-test=nav]")).ToContainTextAsync("调解组织");
        await Expect(admin.Locator("[data-test=nav]")).Not.ToContainTextAsync("案件");
    }

    [Fact]
    public async Task Wrong_passwords_count_down_and_then_lock_the_account()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/login");
        var error = page.Locator("[data-test=error]");
        await page.Locator("input[data-test=email]").FillAsync("lockout-target@demo.local");
        // Unknown accounts answer like wrong passwords, without a count.
        await page.Locator("input[data-test=password]").FillAsync("wrong-password");
        await page.Locator("[data-test=submit]").ClickAsync();
        await Expect(error).ToHaveTextAsync("邮箱或密码错误。");

        await page.Locator("input[data-test=email]").FillAsync("admin@demo.local");
        for (var left = 4; left >= 1; left--)
        {
            await page.Locator("[data-test=submit]").ClickAsync();
            await Expect(error).ToContainTextAsync($"还可尝试 {left} 次");
        }

        await page.Locator("[data-test=submit]").ClickAsync();
        await Expect(error).ToContainTextAsync("账户已被锁定");
        await page.Locator("input[data-test=password]").FillAsync(BrowserServer.DemoPassword);
        await page.Locator("[data-test=submit]").ClickAsync();
        await Expect(error).ToContainTextAsync("账户已被锁定");
        Assert.EndsWith("/login", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shell_speaks_chinese_first_and_english_on_request()
    {
        var page = await server.SignedInPageAsync("orgadmin@demo.local");
        var nav = page.Locator("[data-test=nav]");
        await Expect(nav).ToContainTextAsync("案件");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");

        await SwitchLanguageAsync(page, "English");
        await Expect(nav).ToContainTextAsync("Cases");
        await Expect(page.Locator("[data-test=sign-out]")).ToHaveTextAsync("Sign out");
        await Expect(page.Locator("[data-test=who]")).ToContainTextAsync("Organization admin");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.ReloadAsync();
        await Expect(nav).ToContainTextAsync("Cases");
        await page.Locator("[data-test=sign-out]").ClickAsync();
        await page.WaitForURLAsync("**/login");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Staff sign-in" })).ToBeVisibleAsync();

        await SwitchLanguageAsync(page, "简体中文");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "工作人员登录" })).ToBeVisibleAsync();
    }

    internal static async Task SwitchLanguageAsync(IPage page, string language)
    {
        await page.Locator("[data-test=language]").ClickAsync();
        await page.Locator(".el-select-dropdown__item:visible", new() { HasText = language }).ClickAsync();
    }
}
