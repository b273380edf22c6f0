using System.Net.Http.Json;
using Mediation.CourtDocking;
using Mediation.CourtDocking.Messages;
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

    [Fact]
    public async Task A_platform_admin_issues_a_court_its_docking_key_the_courts_system_delegates_with_it_and_a_revoked_key_is_refused()
    {
        var admin = await server.SignedInPageAsync("admin@demo.local");
        await admin.GotoAsync("/app/organizations");
        await admin.Locator("[data-test=courts] button[data-test^=docking-keys-]").First.ClickAsync();
        await admin.Locator("[data-test=docking-issue]").ClickAsync();
        var keyId = (await admin.Locator("[data-test=docking-key-id]").InnerTextAsync()).Trim();
        var secret = Convert.FromBase64String((await admin.Locator("[data-test=docking-secret]").InnerTextAsync()).Trim());
        await PartyPathTests.ScreenshotAsync(admin, "docking-1280-key-issued");

        // The court's system, another program: signs with the key and delegates over HTTP.
        using var court = new HttpClient(new DockingSigningHandler(keyId, secret, TimeProvider.System) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = new Uri(server.BaseUrl),
        };
        HttpRequestMessage Signed(HttpMethod method, string path, string idempotencyKey, object? body = null)
        {
            var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Add(DockingHeaders.IdempotencyKey, idempotencyKey);
            return request;
        }

        var organizations = await (await court.SendAsync(Signed(HttpMethod.Get, "/api/docking/v1/organizations", "list-1"))).Content.ReadFromJsonAsync<List<DockingOrganization>>();
        var organization = organizations!.First();
        var delegation = new DelegatedCase(organization.Id, "（2026）鲁0303民诉前调188号", "经济补偿金争议（系统委派）", "申请人被解除劳动合同后未获经济补偿。", null,
            [new DockingParty("NaturalPerson", "许文", null, "13400000188")], [new DockingParty("Organization", "淄博远航包装有限公司", null, "13400000189")],
            [new DockingClaim("EconomicCompensation", "支付经济补偿金", 24000m, "Respondent")]);
        var created = await court.SendAsync(Signed(HttpMethod.Post, "/api/docking/v1/delegations", "delegation-188", delegation));
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var receipt = (await created.Content.ReadFromJsonAsync<DelegationReceipt>())!;

        // The organization finds it among its applications, like any delegated case.
        var staff = await server.SignedInPageAsync("orgadmin@demo.local");
        await staff.GotoAsync($"/app/cases/{receipt.CaseId}");
        await Expect(staff.Locator("[data-test=delegated-by]")).ToContainTextAsync("（2026）鲁0303民诉前调188号");

        // Revoked in the browser, the key signs nothing any more.
        await admin.Locator($"[data-test=docking-revoke-{keyId}]").ClickAsync();
        await admin.Locator(".el-popconfirm button.el-button--primary").ClickAsync();
        await Expect(admin.Locator("[data-test=docking-keys]")).ToContainTextAsync("已吊销");
        var refused = await court.SendAsync(Signed(HttpMethod.Post, "/api/docking/v1/delegations", "delegation-189", delegation with { CourtReference = "（2026）鲁0303民诉前调189号" }));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("docking-key-unknown", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
