using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Mediation.Data;
using Mediation.Server.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Server.Tests;

public sealed partial class OnlineApplicationTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    private static object Application(Guid organizationId, string code) => new
    {
        organizationId,
        phone = "13700000031",
        code,
        subject = "拖欠工资",
        facts = "2026年9月至11月工资未发。",
        applicant = new { name = "吴刚", idNumber = "11010519491231002X", address = "淄博市临淄区", workplace = "装配工" },
        respondent = new { name = "淄博某电器有限公司", idNumber = (string?)null, phone = "13700000032", address = "临淄区" },
        claims = new[] { new { category = "LaborRemuneration", description = "支付三个月工资", amount = 15000m } },
    };

    [Fact]
    public async Task A_worker_applies_online_with_a_verified_phone_and_tracks_the_case()
    {
        var organizationId = (await _server.DemoCaseAsync()).OrganizationId;
        var worker = _server.NewClient();
        var org = await (await worker.GetAsync($"/api/public/organizations/{organizationId}")).JsonAsync();
        Assert.Equal("淄博市张店区劳动人事争议调解中心", org.GetProperty("name").GetString());

        await (await worker.PostAsJsonAsync("/api/public/applications", Application(organizationId, "123456"))).AssertProblemAsync(400, "code-not-requested");
        (await worker.PostAsJsonAsync("/api/public/applications/code", new { organizationId, phone = "13700000031" })).EnsureSuccessStatusCode();
        var code = _server.LastCodeSentTo("13700000031");
        await (await worker.PostAsJsonAsync("/api/public/applications", Application(organizationId, code == "000000" ? "000001" : "000000"))).AssertProblemAsync(400, "code-wrong");
        var receipt = await (await worker.PostAsJsonAsync("/api/public/applications", Application(organizationId, code))).JsonAsync();
        var number = receipt.GetProperty("caseNumber").GetString()!;
        var tracking = receipt.GetProperty("trackingNumber").GetString()!;
        Assert.Matches("^[A-Z2-9]{12}$", tracking);
        Assert.Contains(tracking, _server.Services.GetRequiredService<DevelopmentSmsSender>().Recent().First(m => m.Phone == "13700000031").Text, StringComparison.Ordinal);

        var progress = await (await worker.PostAsJsonAsync("/api/public/applications/track", new { trackingNumber = tracking.ToLowerInvariant(), phone = "13700000031" })).JsonAsync();
        Assert.Equal(number, progress.GetProperty("caseNumber").GetString());
        Assert.Equal("Applied", progress.GetProperty("status").GetString());
        await (await worker.PostAsJsonAsync("/api/public/applications/track", new { trackingNumber = tracking, phone = "13700000099" })).AssertProblemAsync(404, "application-not-found");

        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        var list = await (await admin.GetAsync("/api/cases?status=Applied")).JsonAsync();
        var listed = Assert.Single(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("channel").GetString() == "Online");
        Assert.Equal(number, listed.GetProperty("number").GetString());
        var detail = await (await admin.GetAsync($"/api/cases/{listed.GetProperty("id").GetGuid()}")).JsonAsync();
        Assert.Equal("Online", detail.GetProperty("channel").GetString());

        // The log names the channel, never the applicant's phone.
        using var scope = _server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
        var entries = await db.CaseAuditEntries.Where(e => e.Actor == "online-applicant").ToListAsync();
        Assert.NotEmpty(entries);
        Assert.DoesNotContain(entries, e => e.Details.Contains("13700000031", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_used_code_cannot_file_a_second_application()
    {
        var organizationId = (await _server.DemoCaseAsync()).OrganizationId;
        var worker = _server.NewClient();
        (await worker.PostAsJsonAsync("/api/public/applications/code", new { organizationId, phone = "13700000031" })).EnsureSuccessStatusCode();
        var code = _server.LastCodeSentTo("13700000031");
        (await worker.PostAsJsonAsync("/api/public/applications", Application(organizationId, code))).EnsureSuccessStatusCode();
        await (await worker.PostAsJsonAsync("/api/public/applications", Application(organizationId, code))).AssertProblemAsync(400, "code-expired");
    }

    [Fact]
    public async Task Staff_print_the_organization_qr_code_of_the_application_page()
    {
        var organizationId = (await _server.DemoCaseAsync()).OrganizationId;
        await (await _server.NewClient().GetAsync($"/api/organizations/{organizationId}/application-qr.svg")).AssertProblemAsync(401, "not-signed-in");
        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        var response = await admin.GetAsync($"/api/organizations/{organizationId}/application-qr.svg");
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(Svg(), await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("^<svg")]
    private static partial Regex Svg();
}
