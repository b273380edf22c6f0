using Microsoft.Playwright;
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
        await page.Locator("[data-test=cases] .el-table__row", new() { HasText = "劳调〔2026〕第0001号" }).GetByText("查看").ClickAsync();

        await Expect(page.Locator("[data-test=case-status]")).ToHaveTextAsync("已指派调解员");
        await Expect(page.Locator("[data-test=claims]")).ToContainTextAsync("劳动报酬");
        await page.Locator("[data-test=command-StartMediation]").ClickAsync();
        await page.Locator(".el-message-box__btns .el-button--primary").ClickAsync();
        await Expect(page.Locator("[data-test=case-status]")).ToHaveTextAsync("调解中");
        await Expect(page.Locator("[data-test=timeline-state]")).ToHaveTextAsync("日志完整，未被篡改");
        await Expect(page.Locator("[data-test=timeline]")).ToContainTextAsync("开始调解");

        await page.Locator("textarea[data-test=record-text]").FillAsync("双方确认2026年8月至10月工资未发放。");
        await page.Locator("[data-test=record-add]").ClickAsync();
        await Expect(page.Locator("[data-test=record]")).ToContainTextAsync("双方确认2026年8月至10月工资未发放。");
        await Expect(page.Locator("[data-test=record]")).ToContainTextAsync("陈述");

        await page.Locator("[data-test=evidence-file]").SetInputFilesAsync(new FilePayload
        {
            Name = "工资条.pdf",
            MimeType = "application/pdf",
            Buffer = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n"),
        });
        await page.Locator("[data-test=evidence-upload]").ClickAsync();
        await Expect(page.Locator("[data-test=evidence]")).ToContainTextAsync("工资条.pdf");
        await Expect(page.Locator("[data-test=timeline]")).ToContainTextAsync("上传证据");
    }

    [Fact]
    public async Task An_org_admin_records_an_oral_application_and_sees_the_new_case_await_acceptance()
    {
        var page = await server.SignedInPageAsync("orgadmin@demo.local");
        await page.GotoAsync("/app/cases");
        await page.Locator("[data-test=new-case]").ClickAsync();
        await page.WaitForURLAsync("**/app/cases/new");
        await page.Locator("[data-test=channel]").GetByText("口头申请").ClickAsync();
        await Expect(page.GetByText("调解仲裁法第十二条")).ToBeVisibleAsync();
        await page.Locator("input[data-test=subject]").FillAsync("追索加班费争议");
        await page.Locator("input[data-test=applicant-name]").FillAsync("周强");
        await page.Locator("input[data-test=applicant-phone]").FillAsync("1350000");
        await page.Locator("input[data-test=respondent-name]").FillAsync("淄博某纺织有限公司");
        await page.Locator("input[data-test=respondent-phone]").FillAsync("13500000022");
        await page.Locator("input[data-test=claim-0]").FillAsync("支付2026年加班费");
        await page.Locator("[data-test=register]").ClickAsync();

        // Every problem beside its field at once, in the page's language, before anything is sent: no facts, a
        // short phone number (the page checks what the server checks; PartyPathTests has a refusal of the server's).
        ILocator ErrorOf(string field) => page.Locator(".el-form-item", new() { Has = page.Locator($"[data-test={field}]") }).Locator(".el-form-item__error");
        await Expect(ErrorOf("facts")).ToHaveTextAsync("必填。");
        await Expect(ErrorOf("applicant-phone")).ToHaveTextAsync("请填写 11 位手机号码（以 1 开头）。");
        await page.Locator("textarea[data-test=facts]").FillAsync("2026年3月至9月每周加班未付加班费，口头申请。");
        await page.Locator("input[data-test=applicant-phone]").FillAsync("13500000021");
        await page.Locator("[data-test=register]").ClickAsync();

        await Expect(page.Locator("[data-test=case-status]")).ToHaveTextAsync("待受理");
        await Expect(page.Locator("h2")).ToContainTextAsync("追索加班费争议");
        await Expect(page.Locator("[data-test=command-Accept]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_roster_lists_mediators_with_their_certificates_and_load()
    {
        var page = await server.SignedInPageAsync("orgadmin@demo.local");
        // The menu right after signing in: a click the page takes while it is still settling (once in many runs here,
        // the navigation never came) is clicked again, as a person would; twice without effect fails.
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator("[data-test=nav]").GetByText("调解员名册").ClickAsync();
            try
            {
                await page.WaitForURLAsync("**/app/roster", new() { Timeout = 7_500 });
                break;
            }
            catch (TimeoutException) when (attempt == 1)
            {
            }
        }
        var roster = page.Locator("[data-test=roster]");
        await Expect(roster).ToContainTextAsync("王调解员");
        await Expect(roster).ToContainTextAsync("鲁劳调证2026001");
        await Expect(roster).ToContainTextAsync("在册");
    }
}
