using static Microsoft.Playwright.Assertions;

namespace Mediation.EndToEnd.Tests;

[Collection(nameof(BrowserServer))]
public sealed class InviteTests(BrowserServer server)
{
    [Fact]
    public async Task A_party_follows_the_printed_invite_link_enters_the_code_and_lands_in_the_case()
    {
        var link = server.PrintedInvites["Applicant"];
        var page = await server.NewPageAsync();
        await page.GotoAsync(link);
        await Expect(page.Locator("[data-test=case-number]")).ToHaveTextAsync("劳调〔2026〕第0001号");
        await Expect(page.Locator(".el-descriptions")).ToContainTextAsync("申请人 · 李*");
        await Expect(page.Locator(".el-descriptions")).ToContainTextAsync("138****0001");

        await page.Locator("[data-test=send-code]").ClickAsync();
        await Expect(page.Locator("[data-test=sent]")).ToContainTextAsync("验证码已发送至 138****0001");
        var code = await server.LastCodeSentToAsync("13800000001");
        await page.Locator("input[data-test=code]").FillAsync(code);
        await page.Locator("[data-test=enter]").ClickAsync();

        await page.WaitForURLAsync("**/app");
        await Expect(page.Locator("[data-test=party-case]")).ToContainTextAsync("劳调〔2026〕第0001号");
        await Expect(page.Locator("[data-test=party-case]")).ToContainTextAsync("王调解员");
        await Expect(page.Locator("[data-test=who]")).ToContainTextAsync("李明 · 当事人");

        // The same link on another device is refused with a message that says what to do.
        var other = await server.NewPageAsync();
        await other.GotoAsync(link);
        await Expect(other.Locator("[data-test=fatal]")).ToContainTextAsync("已被使用");
    }

    [Fact]
    public async Task A_mediator_issues_an_invite_in_the_browser_and_a_revoked_link_stops_working()
    {
        var mediator = await server.SignedInPageAsync("mediator@demo.local");
        await mediator.GotoAsync("/app/cases");
        await mediator.Locator("[data-test=cases] .el-table__row", new() { HasText = "劳调〔2026〕第0001号" }).GetByText("查看").ClickAsync();
        await mediator.Locator("[data-test=invite-Respondent]").ClickAsync();
        var linkText = mediator.Locator("[data-test=invite-link]");
        await Expect(linkText).ToContainTextAsync("/join#");
        var link = (await linkText.TextContentAsync())!.Trim();

        var party = await server.NewPageAsync();
        await party.GotoAsync(link);
        await Expect(party.Locator("[data-test=case-number]")).ToHaveTextAsync("劳调〔2026〕第0001号");
        await Expect(party.Locator(".el-descriptions")).ToContainTextAsync("被申请人 · 淄博恒信机械制造有限公司");

        await mediator.Keyboard.PressAsync("Escape");
        var row = mediator.Locator("[data-test=invites] .el-table__row", new() { HasText = "待使用" }).First;
        await row.GetByText("撤销").ClickAsync();
        await mediator.Locator(".el-message-box__btns .el-button--primary").ClickAsync();
        await Expect(mediator.Locator("[data-test=invites]")).ToContainTextAsync("已撤销");

        var again = await server.NewPageAsync();
        await again.GotoAsync(link);
        await Expect(again.Locator("[data-test=fatal]")).ToContainTextAsync("已被撤销");
    }

    [Fact]
    public async Task A_broken_link_says_so()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/join#not-a-real-token");
        await Expect(page.Locator("[data-test=fatal]")).ToContainTextAsync("邀请链接无效");
        var bare = await server.NewPageAsync();
        await bare.GotoAsync("/join");
        await Expect(bare.Locator("[data-test=fatal]")).ToContainTextAsync("链接不完整");
    }
}
