using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mediation.EndToEnd.Tests;

/// <summary>A whole session as its people live it, in three Chromium pages: lobby and admission after the identity
/// check, the notices acknowledged, chat, a caucus (背对背) enforced by the server, a party's page reloaded, the end —
/// and the 调解笔录 that kept it.</summary>
[Collection(nameof(BrowserServer))]
public sealed class LiveSessionTests(BrowserServer server)
{
    /// <summary>Packets this page has received from each participant so far.</summary>
    private static async Task<Dictionary<string, long>> InboundAsync(IPage page) =>
        JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(Object.fromEntries([...document.querySelectorAll('[data-test=inbound]')].map(e => [e.dataset.participant, Number(e.dataset.packets)])))"))
            .RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    private static Task<string> ReceivingFromAsync(IPage page) =>
        page.Locator("[data-test=receiving]").GetAttributeAsync("data-from")!;

    [Fact]
    public async Task Admission_notices_chat_caucus_and_a_reload_run_as_the_record_says()
    {
        using var mediatorApi = await SessionTests.StaffApiAsync(server, "mediator@demo.local");
        var (caseId, demo) = await SessionTests.RoomCaseAsync(server, "13700004");
        var pages = await SessionTests.RoomPagesAsync(server, mediatorApi, caseId, demo, respondentOnPhone: true);
        var (host, applicant, respondent) = (pages[0], pages[1], pages[2]);
        await SessionTests.EnterRoomAsync(pages, caseId);
        foreach (var page in pages)
        {
            await page.WaitForFunctionAsync(SessionTests.BothTilesFlowing, null, new PageWaitForFunctionOptions { Timeout = 45_000 });
        }

        var applicantId = await host.Locator("[data-test=person]").First.GetAttributeAsync("data-attendee");

        // On the phone the call is one column: each picture the width of the screen, the controls and chat below.
        var tiles = await respondent.Locator("[data-test=tile]").EvaluateAllAsync<double[]>("ts => ts.map(t => t.getBoundingClientRect().width)");
        Assert.All(tiles, w => Assert.InRange(w, 300, 390));
        await Expect(respondent.Locator("[data-test=mic]")).ToBeInViewportAsync();
        Assert.Contains(applicantId, await respondent.Locator("[data-test=tile]").EvaluateAllAsync<string[]>("ts => ts.map(t => t.dataset.participant)"));

        // The notices: read by the mediator, acknowledged by each party on screen.
        await host.Locator("[data-test=read-notices]").ClickAsync();
        foreach (var party in new[] { applicant, respondent })
        {
            await Expect(party.Locator("[data-test=notices]")).ToBeVisibleAsync();
            await party.Locator("[data-test=acknowledge]").ClickAsync();
            await Expect(party.Locator("[data-test=notices]")).ToBeHiddenAsync();
        }

        // Joint chat reaches everyone.
        await applicant.Locator("[data-test=chat-text]").FillAsync("大家好，我是申请人");
        await applicant.Locator("[data-test=chat-send]").ClickAsync();
        // On the phone the chat is a sheet: the control bar marks the unread line, and the sheet shows it.
        await Expect(respondent.Locator("[data-test=chat-toggle]")).ToHaveAttributeAsync("data-unread", "1");
        await respondent.Locator("[data-test=chat-toggle]").ClickAsync();
        await Expect(respondent.Locator("[data-test=chat-sheet] [data-test=chat-line]")).ToContainTextAsync(["大家好，我是申请人"]);
        await respondent.Keyboard.PressAsync("Escape");
        await Expect(respondent.Locator("[data-test=chat-toggle]")).ToHaveAttributeAsync("data-unread", "0");

        // 背对背 with the applicant: the respondent's page stops receiving anything of the applicant — no track of
        // theirs exists there and its counters stand still — while the applicant and the mediator go on.
        await host.Locator("[data-test=caucus-applicant]").ClickAsync();
        await Expect(respondent.Locator("[data-test=caucus-banner]")).ToBeVisibleAsync();
        await respondent.WaitForFunctionAsync($"() => !document.querySelector('[data-test=receiving]').dataset.from.split(',').includes('{applicantId}')",
            null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        await respondent.WaitForTimeoutAsync(1_000); // packets already on the wire when the copy closed
        var before = (await InboundAsync(respondent)).GetValueOrDefault(applicantId!);
        await applicant.Locator("[data-test=chat-text]").FillAsync("私下说：八千元可以接受");
        await applicant.Locator("[data-test=chat-send]").ClickAsync();
        await Expect(host.Locator("[data-test=chat-line]").Last).ToContainTextAsync("八千元");
        var applicantFramesBefore = await applicant.Locator("[data-test=tile]").First.GetAttributeAsync("data-frames");
        await applicant.WaitForFunctionAsync($"() => Number(document.querySelector('[data-test=tile]').dataset.frames) > {applicantFramesBefore} + 20",
            null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        // Still at most what it was (the statistics of a removed track may be dropped altogether): nothing came.
        var after = (await InboundAsync(respondent)).GetValueOrDefault(applicantId!);
        Assert.True(after <= before, $"the respondent received {after - before} more packets of the applicant during the caucus");
        Assert.DoesNotContain(applicantId!, (await ReceivingFromAsync(respondent)).Split(','));
        Assert.DoesNotContain("八千元", await respondent.Locator("[data-test=chat]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await respondent.Locator("[data-test=tile]").CountAsync());

        // Back to the joint room with one action: the applicant's media reaches the respondent again.
        await host.Locator("[data-test=caucus-end]").ClickAsync();
        await respondent.WaitForFunctionAsync($$"""
            () => {
              const e = document.querySelector('[data-test=inbound][data-participant="{{applicantId}}"]');
              return e && Number(e.dataset.packets) > {{before}} + 50;
            }
            """, null, new PageWaitForFunctionOptions { Timeout = 20_000 });

        // The applicant reloads: back in the room without a second admission, the others undisturbed.
        await applicant.ReloadAsync();
        await Expect(applicant.Locator("[data-test=session-state]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await applicant.WaitForFunctionAsync(SessionTests.BothTilesFlowing, null, new PageWaitForFunctionOptions { Timeout = 45_000 });
        await Expect(host.Locator("[data-test=lobby-entry]")).ToHaveCountAsync(0);
        await Expect(applicant.Locator("[data-test=chat-line]")).ToContainTextAsync(["大家好，我是申请人"]); // the joint room's chat, again

        // The mediator ends it; every page is told, and the record holds the header, checks, notices and chat.
        await host.Locator("[data-test=end]").ClickAsync();
        await host.Locator(".el-popconfirm button.el-button--primary").ClickAsync();
        foreach (var page in pages)
        {
            await Expect(page.Locator("[data-test=ended]")).ToBeVisibleAsync();
        }

        var record = await mediatorApi.GetStringAsync($"/api/cases/{caseId}/record");
        foreach (var expected in new[] { "在线调解开始", "地点：线上", "身份核验", "虚假调解", "确认已知悉上述告知事项", "大家好，我是申请人", "背对背", "在线调解结束", "到场人员" })
        {
            Assert.Contains(expected, record, StringComparison.Ordinal);
        }

        var respondentRecord = await respondent.EvaluateAsync<string>($"async () => JSON.stringify(await (await fetch('/api/cases/{caseId}/record')).json())");
        Assert.DoesNotContain("八千元", respondentRecord, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mediator_shares_a_screen_and_the_parties_see_it_beside_the_camera()
    {
        using var mediatorApi = await SessionTests.StaffApiAsync(server, "mediator@demo.local");
        var (caseId, demo) = await SessionTests.RoomCaseAsync(server, "13700007");
        var pages = await SessionTests.RoomPagesAsync(server, mediatorApi, caseId, demo);
        await SessionTests.EnterRoomAsync(pages.Take(2).ToList(), caseId);
        await pages[1].WaitForFunctionAsync("() => Number(document.querySelector('[data-test=tile]')?.dataset.frames) > 5", null, new PageWaitForFunctionOptions { Timeout = 30_000 });

        await pages[0].Locator("[data-test=screen]").ClickAsync();
        await pages[1].WaitForFunctionAsync("() => document.querySelector('[data-test=screen-share]')?.videoWidth > 0", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await pages[0].Locator("[data-test=screen]").ClickAsync(); // stop sharing
        await Expect(pages[1].Locator("[data-test=screen-share]")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task The_device_check_passes_camera_microphone_and_network_through_the_echo_endpoint()
    {
        using var mediatorApi = await SessionTests.StaffApiAsync(server, "mediator@demo.local");
        var (caseId, demo) = await SessionTests.RoomCaseAsync(server, "13700005");
        var page = (await SessionTests.RoomPagesAsync(server, mediatorApi, caseId, demo))[1]; // the applicant's
        await page.GotoAsync($"/app/cases/{caseId}/session");
        await page.Locator("[data-test=device-check-open]").ClickAsync();
        await page.Locator("[data-test=device-check-run]").ClickAsync();
        await Expect(page.Locator("[data-test=check-camera]")).ToHaveAttributeAsync("data-verdict", "good");
        // Chromium's fake microphone plays a beep: loud enough at some moment.
        await Expect(page.Locator("[data-test=check-microphone]")).ToHaveAttributeAsync("data-verdict", "good");
        await Expect(page.Locator("[data-test=check-network]")).ToHaveAttributeAsync("data-verdict", "good", new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-test=check-network]")).ToContainTextAsync("毫秒");
    }

    [Fact]
    public async Task The_mediator_schedules_a_session_from_the_case_page_and_each_party_gets_its_link_by_sms()
    {
        using var mediatorApi = await SessionTests.StaffApiAsync(server, "mediator@demo.local");
        var (caseId, demo) = await SessionTests.RoomCaseAsync(server, "13700006");
        var page = await server.SignedInPageAsync("mediator@demo.local");
        await SessionTests.ScheduleTomorrowAsync(page, caseId);
        await Expect(page.Locator("[data-test=session-summary]")).ToHaveCountAsync(1);

        var outbox = JsonDocument.Parse(await mediatorApi.GetStringAsync("/api/dev/sms")).RootElement.EnumerateArray().ToList();
        foreach (var party in demo.GetProperty("parties").EnumerateArray())
        {
            var text = outbox.First(m => m.GetProperty("phone").GetString() == party.GetProperty("phone").GetString()).GetProperty("text").GetString()!;
            Assert.Contains("在线调解", text, StringComparison.Ordinal);
            Assert.Contains("/join#", text, StringComparison.Ordinal);
        }
    }
}
