using static Microsoft.Playwright.Assertions;

namespace Mediation.EndToEnd.Tests;

[Collection(nameof(BrowserServer))]
public sealed class CourtDelegationTests(BrowserServer server)
{
    [Fact]
    public async Task A_court_clerk_delegates_a_collective_dispute_and_the_organization_files_an_agent_for_it()
    {
        var clerk = await server.SignedInPageAsync("clerk@demo.local");
        await clerk.Locator("[data-test=nav]").GetByText("案件").ClickAsync();
        await Expect(clerk.Locator("[data-test=cases]")).ToContainTextAsync("劳调〔2026〕第0002号"); // the demo's delegated case
        await clerk.Locator("[data-test=new-case]").ClickAsync();
        await Expect(clerk.Locator("h2")).ToContainTextAsync("委派调解");
        await clerk.Locator("input[data-test=court-reference]").FillAsync("（2026）鲁0303民诉前调99号");
        await clerk.Locator("input[data-test=subject]").FillAsync("集体追索劳动报酬争议");
        await clerk.Locator("textarea[data-test=facts]").FillAsync("十名工人2026年9月至11月工资未发放。");
        await clerk.Locator("input[data-test=applicant-name]").FillAsync("工人一");
        await clerk.Locator("input[data-test=applicant-phone]").FillAsync("13400000001");
        for (var i = 1; i < 10; i++)
        {
            await clerk.Locator("[data-test=add-applicant]").ClickAsync();
            await clerk.Locator($"input[data-test=applicant-{i}-name]").FillAsync($"工人{i + 1}");
            await clerk.Locator($"input[data-test=applicant-{i}-phone]").FillAsync($"134000000{i + 1:D2}");
        }

        await Expect(clerk.Locator("[data-test=collective]")).ToHaveTextAsync("集体争议");
        // Two representatives are too few (three to five): the server says so beside the applicants.
        await clerk.Locator("[data-test=applicant-row-1]").GetByText("代表").ClickAsync();
        await clerk.Locator("[data-test=applicant-row-2]").GetByText("代表").ClickAsync();
        await clerk.Locator("input[data-test=respondent-name]").FillAsync("淄博某建筑劳务有限公司");
        await clerk.Locator("input[data-test=respondent-phone]").FillAsync("13400000020");
        await clerk.Locator("input[data-test=claim-0]").FillAsync("支付拖欠工资");
        await clerk.Locator("[data-test=register]").ClickAsync();
        await Expect(clerk.Locator("[data-test=applicants-error]")).ToContainTextAsync("三至五名代表");
        await clerk.Locator("[data-test=applicant-row-3]").GetByText("代表").ClickAsync();
        await clerk.Locator("[data-test=register]").ClickAsync();

        await Expect(clerk.Locator("[data-test=case-status]")).ToHaveTextAsync("待受理");
        await Expect(clerk.Locator("[data-test=delegated-by]")).ToContainTextAsync("（2026）鲁0303民诉前调99号");
        await Expect(clerk.Locator("[data-test=commands]")).ToHaveCountAsync(0);
        var number = (await clerk.Locator("h2").InnerTextAsync()).Split(' ')[0];

        var admin = await server.SignedInPageAsync("orgadmin@demo.local");
        await admin.GotoAsync("/app/cases");
        await admin.Locator("[data-test=cases] .el-table__row", new() { HasText = number }).GetByText("查看").ClickAsync();
        await Expect(admin.Locator("[data-test=collective]")).ToBeVisibleAsync();
        await admin.Locator("[data-test=add-agent]").ClickAsync();
        await admin.Locator("input[data-test=agent-name]").FillAsync("周律师");
        await admin.Locator("input[data-test=agent-phone]").FillAsync("13600000008");
        await admin.Locator("[data-test=agent-save]").ClickAsync();
        await Expect(admin.Locator("[data-test=agents]")).ToContainTextAsync("特别授权");
        await Expect(admin.Locator("[data-test=timeline]")).ToContainTextAsync("登记委托代理人");
    }
}
