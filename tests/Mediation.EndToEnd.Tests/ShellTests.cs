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
    public async Task Wrong_passwords_say_nothing_of_the_account_and_then_pause_this_address_for_it()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/login");
        var error = page.Locator("[data-test=error]");
        // Whether the account exists or not, every wrong password reads the same, with no count to go by.
        await page.Locator("input[data-test=email]").FillAsync("lockout-target@demo.local");
        await page.Locator("input[data-test=password]").FillAsync("wrong-password");
        for (var i = 0; i < 4; i++)
        {
            await page.Locator("[data-test=submit]").ClickAsync();
            await Expect(error).ToHaveTextAsync("邮箱或密码错误。");
        }

        await page.Locator("[data-test=submit]").ClickAsync();
        await Expect(error).ToContainTextAsync("该地址的密码错误次数过多");
        await Expect(error).ToContainTextAsync("常用的设备上登录不受影响");
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
        // Signing out is a request and then a navigation: waited for one after the other, a failure says which did not
        // happen (the page may land on /login with a ?next= of the page it left, which is as good).
        var signedOut = await page.RunAndWaitForResponseAsync(() => page.Locator("[data-test=sign-out]").ClickAsync(),
            r => r.Url.EndsWith("/api/auth/sign-out", StringComparison.Ordinal));
        Assert.Equal(204, signedOut.Status);
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/login(\?.*)?$"));
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
