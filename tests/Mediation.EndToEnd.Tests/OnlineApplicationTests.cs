using static Microsoft.Playwright.Assertions;

namespace Mediation.EndToEnd.Tests;

[Collection(nameof(BrowserServer))]
public sealed class OnlineApplicationTests(BrowserServer server)
{
    [Fact]
    public async Task A_worker_applies_by_qr_code_on_a_phone_and_the_case_reaches_the_staff_list()
    {
        var staff = await server.SignedInPageAsync("orgadmin@demo.local");
        await Expect(staff.Locator("[data-test=application-qr] svg")).ToBeVisibleAsync();
        var applyPath = await staff.Locator("[data-test=apply-link]").GetAttributeAsync("href");
        Assert.StartsWith("/apply/", applyPath, StringComparison.Ordinal);

        var phone = await server.NewPageAsync(phone: true);
        await phone.GotoAsync(applyPath!);
        await Expect(phone.Locator("[data-test=organization]")).ToContainTextAsync("淄博市张店区劳动人事争议调解中心");
        await phone.Locator("input[data-test=name]").FillAsync("郑伟");
        await phone.Locator("input[data-test=employer]").FillAsync("淄博某建材有限公司");
        await phone.Locator("input[data-test=employer-phone]").FillAsync("13300000042");
        await phone.Locator("input[data-test=subject]").FillAsync("拖欠工资（扫码申请）");
        await phone.Locator("textarea[data-test=claim]").FillAsync("支付10月、11月工资");
        await phone.Locator("textarea[data-test=facts]").FillAsync("2026年10月起工资未发放。");
        await phone.Locator("input[data-test=phone]").FillAsync("13300000041");
        await phone.Locator("[data-test=send-code]").ClickAsync();
        var code = await server.LastCodeSentToAsync("13300000041");
        await phone.Locator("input[data-test=code]").FillAsync(code);
        await phone.Locator("[data-test=submit]").ClickAsync();

        await Expect(phone.Locator("[data-test=receipt]")).ToContainTextAsync("申请已提交");
        var number = (await phone.Locator("[data-test=receipt-number]").TextContentAsync())!;
        var tracking = (await phone.Locator("[data-test=tracking]").TextContentAsync())!;
        Assert.StartsWith("劳调〔", number, StringComparison.Ordinal);

        await phone.GotoAsync("/track");
        await phone.Locator("input[data-test=tracking]").FillAsync(tracking);
        await phone.Locator("input[data-test=phone]").FillAsync("13300000041");
        await phone.Locator("[data-test=track]").ClickAsync();
        await Expect(phone.Locator("[data-test=progress]")).ToContainTextAsync("待受理");

        await staff.GotoAsync("/app/cases");
        await staff.Locator("input[data-test=search]").FillAsync("扫码申请");
        await staff.Locator("input[data-test=search]").PressAsync("Enter");
        await Expect(staff.Locator("[data-test=cases]")).ToContainTextAsync(number);
        await Expect(staff.Locator("[data-test=cases]")).ToContainTextAsync("待受理");
    }
}
