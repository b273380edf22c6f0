using System.Text.Json;
using System.Text.RegularExpressions;
using Mediation.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediation.EndToEnd.Tests;

/// <summary>A party's whole path, on a phone, as a worker who does this once in their life meets it: the SMS, the
/// code, the home that says what comes next, one tap into the lobby, the room, the end page. The party never types
/// an address. Screenshots of each step (390 × 844) are kept in artifacts/screenshots.</summary>
[Collection(nameof(BrowserServer))]
public sealed partial class PartyPathTests(BrowserServer server)
{
    [GeneratedRegex(@"https?://\S+?/join#[A-Za-z0-9_-]+")]
    private static partial Regex SmsLink();

    internal static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    [Fact]
    public async Task A_party_goes_from_the_sms_to_the_session_and_its_end_without_typing_an_address()
    {
        using var mediatorApi = await SessionTests.StaffApiAsync(server, "mediator@demo.local");
        var (caseId, demo) = await SessionTests.RoomCaseAsync(server, "13700031");
        var applicantPhone = demo.GetProperty("parties").EnumerateArray().First(p => p.GetProperty("side").GetString() == "Applicant").GetProperty("phone").GetString()!;

        // The mediator schedules the session for tomorrow: the SMS carries the time and the party's own link.
        var mediator = await server.SignedInPageAsync("mediator@demo.local");
        await SessionTests.ScheduleTomorrowAsync(mediator, caseId);
        var link = SmsLink().Match(await server.LastSmsToAsync(applicantPhone)).Value;
        Assert.NotEmpty(link);

        var party = await server.NewPageAsync(phone: true);
        await party.GotoAsync(link);
        await ScreenshotAsync(party, "party-390-1-invite");
        await party.Locator("[data-test=send-code]").ClickAsync();
        await Expect(party.Locator("[data-test=sent]")).ToBeVisibleAsync();
        await party.Locator("input[data-test=code]").FillAsync(await server.LastCodeSentToAsync(applicantPhone));
        await party.Locator("[data-test=enter]").ClickAsync();
        await party.WaitForURLAsync("**/app");

        // Home says when, how long until then, and offers the device check; no way in before the mediator opens it.
        await Expect(party.Locator("[data-test=party-session]")).ToHaveAttributeAsync("data-state", "Scheduled");
        await Expect(party.Locator("[data-test=session-countdown]")).ToContainTextAsync("还有");
        await Expect(party.Locator("[data-test=device-check-open]")).ToBeVisibleAsync();
        await Expect(party.Locator("[data-test=enter-session]")).ToHaveCountAsync(0);
        await ScreenshotAsync(party, "party-390-2-home-scheduled");

        // The same SMS link again, in the browser still signed in with it: straight back home, not "already used".
        await party.GotoAsync(link);
        await party.WaitForURLAsync("**/app");
        await Expect(party.Locator("[data-test=party-session]")).ToBeVisibleAsync();

        // The mediator opens the session: the case moves to 调解中, and the party's home offers the way in by itself.
        await mediator.GotoAsync($"/app/cases/{caseId}/session");
        await mediator.Locator("[data-test=join]").ClickAsync();
        await Expect(mediator.Locator("[data-test=session-state]")).ToBeVisibleAsync();
        var enter = party.Locator("[data-test=enter-session]");
        await Expect(enter).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await ScreenshotAsync(party, "party-390-3-home-open");
        await enter.ClickAsync();
        await Expect(party.Locator("[data-test=lobby]")).ToHaveAttributeAsync("data-lobby", "Waiting");
        await ScreenshotAsync(party, "party-390-4-lobby");

        // The mediator hears and sees someone waiting, checks the ID on record and admits.
        await Expect(mediator.Locator("[data-test=lobby-badge]")).ToBeVisibleAsync();
        await Expect(mediator.Locator("[data-test=identity-on-record]")).ToContainTextAsync("周工");
        await SessionTests.AdmitNextAsync(mediator);
        await Expect(party.Locator("[data-test=session-state]")).ToBeVisibleAsync();
        await party.WaitForFunctionAsync("() => Number(document.querySelector('[data-test=tile]')?.dataset.frames) > 5", null, new PageWaitForFunctionOptions { Timeout = 30_000 });

        // The case followed the session.
        using (var detail = JsonDocument.Parse(await mediatorApi.GetStringAsync($"/api/cases/{caseId}")))
        {
            Assert.Equal("InMediation", detail.RootElement.GetProperty("case").GetProperty("status").GetString());
        }

        // On the phone, with the chat open and scrolled to its end, the controls stay in reach.
        // Eight lines (the hub allows a burst of ten), long enough to fill the sheet.
        for (var i = 0; i < 8; i++)
        {
            await mediator.Locator("textarea[data-test=chat-text]").FillAsync($"第{i + 1}条：请双方准备好2026年8月至10月的工资条、考勤记录和劳动合同，稍后逐项核对。");
            await mediator.Locator("[data-test=chat-send]").ClickAsync();
        }

        await Expect(party.Locator("[data-test=chat-toggle]")).ToHaveAttributeAsync("data-unread", "8");
        await party.Locator("[data-test=chat-toggle]").ClickAsync();
        await Expect(party.Locator("[data-test=chat-sheet] [data-test=chat-line]")).ToHaveCountAsync(8);
        await party.Locator("[data-test=chat-sheet] [data-test=chat-lines]").EvaluateAsync("e => e.scrollTop = e.scrollHeight");
        await party.Mouse.WheelAsync(0, 2000);
        await ScreenshotAsync(party, "party-390-5-chat");
        await party.Keyboard.PressAsync("Escape");
        await party.Mouse.WheelAsync(0, 4000);
        foreach (var control in new[] { "mic", "camera", "chat-toggle", "hand", "leave" })
        {
            await Expect(party.Locator($"[data-test=controls] [data-test={control}]")).ToBeInViewportAsync();
        }

        // The party turns the camera off: the mediator's tile of the party shows the avatar, not a black picture.
        await party.Locator("[data-test=controls] [data-test=camera]").ClickAsync();
        var partyTile = mediator.Locator("[data-test=tile][data-camera=off]");
        await Expect(partyTile).ToHaveCountAsync(1);
        await Expect(partyTile.Locator("[data-test=tile-avatar]")).ToBeVisibleAsync();
        await ScreenshotAsync(party, "party-390-6-room-camera-off");

        // The mediator ends it: the party lands on the end page with whom to call; the mediator records the outcome.
        await mediator.Locator("[data-test=end]").ClickAsync();
        await mediator.Locator(".el-popconfirm button.el-button--primary").ClickAsync();
        await Expect(party.Locator("[data-test=ended]")).ToBeVisibleAsync();
        await Expect(party.Locator("[data-test=error]")).ToHaveCountAsync(0);
        await Expect(party.Locator("[data-test=organization-phone]")).ToHaveTextAsync("0533-2180000");
        await Expect(mediator.Locator("[data-test=outcome-form]")).ToBeVisibleAsync();
        await mediator.Locator("[data-test=outcome-failed]").ClickAsync();
        await mediator.Locator("[data-test=outcome-save]").ClickAsync();
        await Expect(party.Locator("[data-test=ended]")).ToHaveAttributeAsync("data-outcome", "failed", new() { Timeout = 20_000 });
        await ScreenshotAsync(party, "party-390-7-ended");
        using (var detail = JsonDocument.Parse(await mediatorApi.GetStringAsync($"/api/cases/{caseId}")))
        {
            Assert.Equal("Failed", detail.RootElement.GetProperty("case").GetProperty("status").GetString());
        }

        // The session's 调解笔录, made at its end, is confirmed on the same page: the party reads it whole, draws and
        // enters the code from its phone; then the mediator signs with the password, and the record is complete.
        var record = party.Locator("[data-test=session-record]");
        await Expect(record).ToHaveAttributeAsync("data-confirmed", "false");
        await record.Locator("[data-test=record-sign-applicant-1]").ClickAsync();
        var signing = party.Locator("[data-test=record-sign-dialog] [data-test=sign-record]");
        await Expect(signing.Locator("[data-test=pdf]")).ToHaveAttributeAsync("data-state", "shown");
        await ScreenshotAsync(party, "party-390-8-record-read");
        await signing.Locator("[data-test=sign-next]").ClickAsync();
        await AgreementSigningTests.DrawAsync(party, signing.Locator("[data-test=signature-pad]"));
        await signing.Locator("[data-test=sign-next]").ClickAsync();
        await signing.Locator("[data-test=sign-send-code]").ClickAsync();
        await Expect(signing.Locator("[data-test=sign-code-sent]")).ToBeVisibleAsync();
        await signing.Locator("input[data-test=sign-code]").FillAsync(await server.LastCodeSentToAsync(applicantPhone));
        await signing.Locator("[data-test=sign-submit]").ClickAsync();
        await Expect(party.Locator("[data-test=record-sign-dialog]")).ToBeHiddenAsync();
        await Expect(record.Locator("[data-test=record-state]")).ToHaveTextAsync("确认中 1/2");
        await ScreenshotAsync(party, "party-390-9-record-signed");

        var kept = mediator.Locator("[data-test=session-record]");
        await kept.Locator("[data-test=record-sign-mediator]").ClickAsync();
        await AgreementSigningTests.StaffSignsAsync(mediator, "[data-test=record-sign-dialog] [data-test=sign-record]");
        await Expect(kept).ToHaveAttributeAsync("data-confirmed", "true");
        await Expect(mediator.Locator("[data-test=record-sign-dialog]")).ToBeHiddenAsync();

        // On the case page, in English: the confirmed record with both signatures.
        await mediator.GotoAsync($"/app/cases/{caseId}");
        await ShellTests.SwitchLanguageAsync(mediator, "English");
        await Expect(mediator.Locator("[data-test=session-record] [data-test=record-state]")).ToHaveTextAsync("Confirmed");
        await mediator.Locator("[data-test=session-record]").ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(mediator, "record-1280-confirmed-en");
        await mediator.Locator("[data-test=session-record] [data-test=record-read]").ClickAsync();
        var reading = mediator.Locator("[data-test=record-dialog]");
        await Expect(reading.Locator("[data-test=pdf]")).ToHaveAttributeAsync("data-state", "shown");
        await Expect(reading.GetByText("Download PDF")).ToBeVisibleAsync();
        await ScreenshotAsync(mediator, "record-1280-read-en");
    }

    [Fact]
    public async Task Forms_in_chinese_show_chinese_errors_at_their_fields_from_the_page_and_from_the_server()
    {
        // The online application on a small phone: every problem at its field at once, in Chinese.
        var staff = await server.SignedInPageAsync("orgadmin@demo.local");
        var applyPath = await staff.Locator("[data-test=apply-link]").GetAttributeAsync("href");
        var phone = await server.NewPageAsync(phone: true);
        await phone.SetViewportSizeAsync(360, 740);
        await phone.GotoAsync(applyPath!);
        await phone.Locator("input[data-test=name]").FillAsync("郑伟");
        await phone.Locator("input[data-test=id-number]").FillAsync("370303199001011230");
        await phone.Locator("input[data-test=phone]").FillAsync("1330000");
        await phone.Locator("[data-test=send-code]").ClickAsync();
        ILocator ErrorOf(IPage page, string field) => page.Locator(".el-form-item", new() { Has = page.Locator($"[data-test={field}]") }).Locator(".el-form-item__error");
        await Expect(ErrorOf(phone, "phone")).ToHaveTextAsync("请填写 11 位手机号码（以 1 开头）。");
        await phone.Locator("input[data-test=phone]").FillAsync("13300000051");
        await phone.Locator("[data-test=send-code]").ClickAsync();
        await Expect(phone.Locator("[data-test=sent]")).ToContainTextAsync("验证码已发送");
        await phone.Locator("input[data-test=code]").FillAsync(await server.LastCodeSentToAsync("13300000051"));
        await phone.Locator("[data-test=submit]").ClickAsync();
        await Expect(ErrorOf(phone, "id-number")).ToHaveTextAsync("居民身份证号码不正确（18 位，末位为数字或 X）。");
        await Expect(ErrorOf(phone, "employer")).ToHaveTextAsync("必填。");
        await Expect(ErrorOf(phone, "claim")).ToHaveTextAsync("必填。");
        await ScreenshotAsync(phone, "apply-360-errors");

        // The staff account form: the page's rules, then the server's own refusal (a taken e-mail), both in Chinese.
        await staff.GotoAsync("/app/staff");
        await staff.Locator("[data-test=create-staff]").ClickAsync();
        await staff.Locator("[data-test=staff-save]").ClickAsync();
        await Expect(ErrorOf(staff, "staff-email")).ToHaveTextAsync("必填。");
        await Expect(ErrorOf(staff, "staff-password")).ToHaveTextAsync("必填。");
        await staff.Locator("input[data-test=staff-email]").FillAsync("mediator@demo.local");
        await staff.Locator("input[data-test=staff-name]").FillAsync("另一位调解员");
        await staff.Locator("input[data-test=staff-password]").FillAsync("Another@2026!");
        await staff.Locator("[data-test=staff-save]").ClickAsync();
        await Expect(ErrorOf(staff, "staff-email")).ToHaveTextAsync("该电子邮箱已有账户。");
    }

    [Fact]
    public async Task The_partys_pages_have_no_serious_accessibility_violation_and_fit_a_small_phone()
    {
        var axeSource = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "web", "node_modules", "axe-core", "axe.min.js"));
        async Task AssertAccessibleAsync(IPage page, string name)
        {
            // Evaluated rather than added as a script tag: the app's Content-Security-Policy rightly refuses inline scripts.
            await page.EvaluateAsync(axeSource);
            var found = await page.EvaluateAsync<string>("""
                async () => JSON.stringify((await axe.run(document, { resultTypes: ['violations'] })).violations
                  .filter(v => v.impact === 'serious' || v.impact === 'critical')
                  .map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => ({ target: n.target.join(' '), html: n.html.slice(0, 200), why: n.failureSummary })) })))
                """);
            Assert.True(found == "[]", $"{name}: {found}");
            // Nothing wider than the screen: no sideways scrolling on a phone.
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{name} scrolls sideways");
        }

        var link = server.PrintedInvites["Respondent"];
        foreach (var (width, height) in new[] { (360, 740), (390, 844) })
        {
            var page = await server.NewPageAsync(phone: true);
            await page.SetViewportSizeAsync(width, height);
            await page.GotoAsync(link);
            await Expect(page.Locator("[data-test=case-number]")).ToBeVisibleAsync();
            await AssertAccessibleAsync(page, $"join {width}");
            await ScreenshotAsync(page, $"party-{width}-join");
        }

        var staff = await server.SignedInPageAsync("orgadmin@demo.local");
        var applyPath = await staff.Locator("[data-test=apply-link]").GetAttributeAsync("href");
        var apply = await server.NewPageAsync(phone: true);
        await apply.SetViewportSizeAsync(360, 740);
        await apply.GotoAsync(applyPath!);
        await Expect(apply.Locator("[data-test=organization]")).ToBeVisibleAsync();
        await AssertAccessibleAsync(apply, "apply 360");
        await ScreenshotAsync(apply, "apply-360");

        using var mediatorApi = await SessionTests.StaffApiAsync(server, "mediator@demo.local");
        var (caseId, demo) = await SessionTests.RoomCaseAsync(server, "13700032");
        var party = (await SessionTests.RoomPagesAsync(server, mediatorApi, caseId, demo, respondentOnPhone: true))[2];
        await party.SetViewportSizeAsync(360, 740);
        await Expect(party.Locator("[data-test=party-case]")).ToBeVisibleAsync();
        await AssertAccessibleAsync(party, "home 360");
        await ScreenshotAsync(party, "party-360-home");
        // In English too: the longer words must not break the phone layout.
        await party.EvaluateAsync("() => localStorage.setItem('locale', 'en')");
        await party.ReloadAsync();
        await Expect(party.Locator("[data-test=party-case]")).ToContainTextAsync("Case status");
        await AssertAccessibleAsync(party, "home 360 en");
        await ScreenshotAsync(party, "party-360-home-en");
        await party.EvaluateAsync("() => localStorage.setItem('locale', 'zh-CN')");
        await party.ReloadAsync();
        await party.Locator("[data-test=case-details]").ClickAsync();
        await Expect(party.Locator("[data-test=record]")).ToBeVisibleAsync();
        await AssertAccessibleAsync(party, "case 360");
        await ScreenshotAsync(party, "party-360-case");
    }
}
