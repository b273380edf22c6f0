using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediation.EndToEnd.Tests;

/// <summary>
/// The agreement as the people of a live session make it: the mediator shows it in the call and drafts it while both
/// parties read along (the same page, the mediator's scroll), freezes it, each party signs from the call page with
/// the mouse and the code sent to its phone, the mediator with a password, and the organization's admin seals it from
/// the case page. Screenshots in artifacts/screenshots.
/// </summary>
[Collection(nameof(BrowserServer))]
public sealed class AgreementSigningTests(BrowserServer server)
{
    [Fact]
    public async Task Two_parties_in_a_session_read_the_shared_draft_sign_it_with_the_mouse_and_a_code_and_the_admin_seals_it()
    {
        using var mediatorApi = await SessionTests.StaffApiAsync(server, "mediator@demo.local");
        var (caseId, demo) = await SessionTests.RoomCaseAsync(server, "13700041");
        var pages = await SessionTests.RoomPagesAsync(server, mediatorApi, caseId, demo, respondentOnPhone: true);
        var (mediator, applicant, respondent) = (pages[0], pages[1], pages[2]);
        await SessionTests.EnterRoomAsync(pages, caseId);

        // Shown before a word is written: the parties are told it is being drafted.
        await mediator.Locator("[data-test=share-document]").ClickAsync();
        await Expect(respondent.Locator("[data-test=shared-none]")).ToContainTextAsync("调解员正在起草调解协议");

        // The mediator drafts beside the call; saving shows the draft, marked as one, to everyone in the room.
        await mediator.Locator("[data-test=shared-edit]").ClickAsync();
        var editor = mediator.Locator("[data-test=shared-editor]");
        await editor.Locator("[data-test=agreement-start]").ClickAsync();
        await editor.Locator("textarea[data-test=clause-text]").FillAsync("被申请人于2026年12月31日前向申请人支付2026年8月至10月工资共计人民币1000元。");
        await editor.Locator("[data-test=clause-perform-by] input").FillAsync("2026-12-31");
        await editor.Locator("[data-test=clause-perform-by] input").PressAsync("Enter");
        await editor.Locator("input[data-test=clause-method]").FillAsync("一次性银行转账");
        await editor.Locator("[data-test=agreement-save]").ClickAsync();
        foreach (var page in pages)
        {
            await Expect(page.Locator("[data-test=shared-document] [data-test=pdf]")).ToHaveAttributeAsync("data-state", "shown", new() { Timeout = 20_000 });
        }

        // The parties follow the mediator's scrolling.
        await mediator.Keyboard.PressAsync("Escape");
        await mediator.Locator("[data-test=shared-document] [data-test=pdf]").EvaluateAsync("e => e.scrollTop = e.scrollHeight");
        await respondent.WaitForFunctionAsync("() => document.querySelector('[data-test=shared-document] [data-test=pdf]').scrollTop > 100", null,
            new PageWaitForFunctionOptions { Timeout = 10_000 });
        await PartyPathTests.ScreenshotAsync(respondent, "agreement-390-1-shared-draft");
        await PartyPathTests.ScreenshotAsync(mediator, "agreement-1280-0-mediator-shares");

        // On the phone the worker makes the type larger: the pages are drawn again wider, and the panel scrolls sideways.
        await respondent.Locator("[data-test=shared-document] [data-test=pdf-larger]").ClickAsync();
        await respondent.WaitForFunctionAsync(
            "() => { const e = document.querySelector('[data-test=shared-document] [data-test=pdf]'); return e.dataset.state === 'shown' && e.scrollWidth > e.clientWidth * 1.3 }",
            null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        await PartyPathTests.ScreenshotAsync(respondent, "agreement-390-1b-larger");

        // Frozen: the document for signing replaces the draft on every page, and each party is offered its place.
        await mediator.Locator("[data-test=shared-edit]").ClickAsync();
        await editor.Locator("[data-test=agreement-freeze]").ClickAsync();
        await mediator.Locator(".el-message-box__btns .el-button--primary").ClickAsync();
        await Expect(editor.Locator("[data-test=agreement-slots]")).ToBeVisibleAsync();
        await mediator.Keyboard.PressAsync("Escape");

        foreach (var (party, side) in new[] { (applicant, "Applicant"), (respondent, "Respondent") })
        {
            await party.Locator("[data-test=shared-sign]").ClickAsync(new() { Timeout = 20_000 });
            var dialog = party.Locator("[data-test=sign-dialog] [data-test=sign-agreement]");
            await Expect(dialog.Locator("[data-test=pdf]")).ToHaveAttributeAsync("data-state", "shown");
            await dialog.Locator("[data-test=sign-next]").ClickAsync();
            await DrawAsync(party, dialog.Locator("[data-test=signature-pad]"));
            if (side == "Respondent")
            {
                await PartyPathTests.ScreenshotAsync(party, "agreement-390-2-signature");
            }

            await dialog.Locator("[data-test=sign-next]").ClickAsync();
            await dialog.Locator("[data-test=sign-send-code]").ClickAsync();
            await Expect(dialog.Locator("[data-test=sign-code-sent]")).ToBeVisibleAsync();
            var phone = demo.GetProperty("parties").EnumerateArray().First(p => p.GetProperty("side").GetString() == side).GetProperty("phone").GetString()!;
            await dialog.Locator("input[data-test=sign-code]").FillAsync(await server.LastCodeSentToAsync(phone));
            await dialog.Locator("[data-test=sign-submit]").ClickAsync();
            await Expect(party.Locator("[data-test=sign-dialog]")).ToBeHiddenAsync();
            await Expect(party.Locator("[data-test=shared-sign]")).ToHaveCountAsync(0);
        }

        // The last party's signature put it in effect, today.
        using (var detail = JsonDocument.Parse(await mediatorApi.GetStringAsync($"/api/cases/{caseId}")))
        {
            Assert.Equal("AgreementReached", detail.RootElement.GetProperty("case").GetProperty("status").GetString());
        }

        // The mediator signs with the password, beside the call.
        await mediator.Locator("[data-test=shared-edit]").ClickAsync();
        await editor.Locator("[data-test=sign-mediator]").ClickAsync();
        await StaffSignsAsync(mediator);
        await Expect(editor.Locator("[data-test=slot-signed]")).ToHaveCountAsync(3);

        // The organization's admin seals it from the case page, in English.
        var admin = await server.SignedInPageAsync("orgadmin@demo.local");
        await ShellTests.SwitchLanguageAsync(admin, "English");
        await admin.GotoAsync($"/app/cases/{caseId}");
        await Expect(admin.Locator("[data-test=agreement-state]")).ToContainTextAsync("In effect");
        await admin.Locator("[data-test=sign-seal]").ClickAsync();
        await StaffSignsAsync(admin);
        await Expect(admin.Locator("[data-test=agreement] [data-test=slot-signed]")).ToHaveCountAsync(4);
        await PartyPathTests.ScreenshotAsync(admin, "agreement-1280-3-sealed-en");

        // In effect, the performance notice with its dates is one click away.
        await admin.Locator("[data-test=agreement-notice]").ClickAsync();
        await Expect(admin.Locator("[data-test=agreement-preview-dialog] [data-test=pdf]")).ToHaveAttributeAsync("data-state", "shown");
        await admin.Keyboard.PressAsync("Escape");

        // Where the admin words the organization's agreements: the platform's wording until it has its own.
        await admin.GotoAsync("/app/organizations");
        await Expect(admin.Locator("[data-test=wording-version]")).ToHaveTextAsync("Platform default");
        await Expect(admin.Locator("textarea[data-test=wording-recital]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^上列当事人因"));
        await PartyPathTests.ScreenshotAsync(admin, "agreement-1280-4-wording-en");

        // Four signatures, each intact, none after which the document changed: as anyone holding the file checks it.
        var pdf = await mediatorApi.GetByteArrayAsync($"/api/cases/{caseId}/agreement/document");
        using var content = new ByteArrayContent(pdf);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var verified = JsonDocument.Parse(await (await mediatorApi.PostAsync("/api/verify", content)).Content.ReadAsStringAsync());
        Assert.True(verified.RootElement.GetProperty("valid").GetBoolean(), verified.RootElement.ToString());
        Assert.Equal(4, verified.RootElement.GetProperty("signatures").GetArrayLength());
    }

    /// <summary>A signature drawn with the mouse: two strokes across the pad.</summary>
    internal static async Task DrawAsync(IPage page, ILocator pad)
    {
        var box = (await pad.BoundingBoxAsync())!;
        foreach (var (from, to) in new[] { ((0.15f, 0.6f), (0.45f, 0.3f)), ((0.5f, 0.7f), (0.85f, 0.4f)) })
        {
            await page.Mouse.MoveAsync(box.X + (box.Width * from.Item1), box.Y + (box.Height * from.Item2));
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(box.X + (box.Width * to.Item1), box.Y + (box.Height * to.Item2), new() { Steps = 12 });
            await page.Mouse.UpAsync();
        }

        await Expect(pad).ToHaveAttributeAsync("data-strokes", "2");
    }

    /// <summary>Staff sign in the dialog: read, (draw,) and the password.</summary>
    internal static async Task StaffSignsAsync(IPage page, string dialogFor = "[data-test=sign-dialog] [data-test=sign-agreement]")
    {
        var dialog = page.Locator(dialogFor);
        await Expect(dialog.Locator("[data-test=pdf]")).ToHaveAttributeAsync("data-state", "shown");
        await dialog.Locator("[data-test=sign-next]").ClickAsync();
        if (await dialog.Locator("[data-test=signature-pad]").CountAsync() > 0)
        {
            await DrawAsync(page, dialog.Locator("[data-test=signature-pad]"));
            await dialog.Locator("[data-test=sign-next]").ClickAsync();
        }

        await dialog.Locator("input[data-test=sign-password]").FillAsync(BrowserServer.DemoPassword);
        await dialog.Locator("[data-test=sign-submit]").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }
}
