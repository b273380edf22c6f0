using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mediation.Data;
using Mediation.Domain.Cases;
using Mediation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Server.Tests;

/// <summary>The agreement from draft to seal through the API: each signature checked by pdfsig, the case in effect on
/// the last party's signature and not before, and the refusals that leave nothing half-written.</summary>
public sealed class AgreementApiTests : IDisposable
{
    private readonly ServerFactory _server = new();
    private readonly TemporaryDirectory _directory = new();

    public void Dispose()
    {
        _server.Dispose();
        _directory.Dispose();
    }

    private async Task<(Case Case, HttpClient Mediator)> InMediationAsync(string number, string phone)
    {
        var @case = await _server.AddCaseAsync(number, phone);
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        var detail = await (await mediator.GetAsync($"/api/cases/{@case.Id}")).JsonAsync();
        (await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/commands",
            new { command = "StartMediation", version = detail.GetProperty("case").GetProperty("version").GetGuid() })).EnsureSuccessStatusCode();
        return (await _server.CaseByNumberAsync(number), mediator);
    }

    private static Task<HttpResponseMessage> DraftAsync(HttpClient client, Guid caseId, decimal amount = 18600m) =>
        client.PutAsJsonAsync($"/api/cases/{caseId}/agreement", new
        {
            kind = "Mediation",
            facts = "申请人于2025年3月入职，被申请人自2026年8月起未发工资。",
            clauses = new[] { new { category = "LaborRemuneration", text = $"被申请人支付申请人2026年8月至10月工资{amount}元。", amount, obligor = "Respondent", performBy = "2026-12-31", method = "银行转账" } },
        });

    private async Task<HttpResponseMessage> PartySignsAsync(HttpClient party, Guid caseId, string slot, int version = 1, string? code = null)
    {
        if (code is null)
        {
            (await party.PostAsJsonAsync($"/api/cases/{caseId}/agreement/signing-code", new { slot })).EnsureSuccessStatusCode();
        }

        var caseForPhone = await _server.CaseByNumberAsync((await (await party.GetAsync($"/api/cases/{caseId}")).JsonAsync()).GetProperty("case").GetProperty("number").GetString()!);
        var side = slot.StartsWith("applicant", StringComparison.Ordinal) ? PartySide.Applicant : PartySide.Respondent;
        code ??= _server.LastCodeSentTo(caseForPhone.Parties.First(p => p.Side == side).Phone);
        return await party.PostAsJsonAsync($"/api/cases/{caseId}/agreement/signatures", new { version, slot, strokes = ServerFactory.Strokes, padAspect = 3.0, code });
    }

    private static Task<HttpResponseMessage> StaffSignsAsync(HttpClient staff, Guid caseId, string slot, string password = ServerFactory.DemoPassword) =>
        staff.PostAsJsonAsync($"/api/cases/{caseId}/agreement/signatures", new { version = 1, slot, strokes = ServerFactory.Strokes, padAspect = 3.0, password });

    private async Task<string> PdfsigAsync(HttpClient client, Guid caseId)
    {
        var pdf = await client.GetByteArrayAsync($"/api/cases/{caseId}/agreement/document");
        var path = Path.Combine(_directory.Path, Guid.NewGuid().ToString("N") + ".pdf");
        await File.WriteAllBytesAsync(path, pdf);
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdfsig", path) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    private static async Task<string> StatusAsync(HttpClient client, Guid caseId) =>
        (await (await client.GetAsync($"/api/cases/{caseId}")).JsonAsync()).GetProperty("case").GetProperty("status").GetString()!;

    [Fact]
    public async Task Two_parties_the_mediator_and_the_seal_sign_each_valid_to_pdfsig_and_the_case_is_in_effect_on_the_last_party_signature()
    {
        var (@case, mediator) = await InMediationAsync("劳调〔2026〕第0101号", "13600000101");
        (await DraftAsync(mediator, @case.Id)).EnsureSuccessStatusCode();

        // The draft reads as a document already (the session's shared panel shows it), unsigned and never stored.
        var preview = await mediator.GetAsync($"/api/cases/{@case.Id}/agreement/document");
        Assert.Equal(("application/pdf", 0), (preview.Content.Headers.ContentType?.MediaType, System.Text.RegularExpressions.Regex.Matches(await PdfsigAsync(mediator, @case.Id), "Signature is Valid").Count));
        using (var scope = _server.Services.CreateScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<MediationDbContext>().DocumentFiles.CountAsync());
        }

        var frozen = await (await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/agreement/freeze", new { })).JsonAsync();
        Assert.Equal(["applicant-1", "respondent-1", "mediator", "seal"], frozen.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        var applicant = await _server.PartyClientAsync(@case, PartySide.Applicant);
        var respondent = await _server.PartyClientAsync(@case, PartySide.Respondent);
        var mine = await (await applicant.GetAsync($"/api/cases/{@case.Id}/agreement")).JsonAsync();
        Assert.Equal(["applicant-1"], mine.GetProperty("slots").EnumerateArray().Where(s => s.GetProperty("mine").GetBoolean()).Select(s => s.GetProperty("name").GetString()));

        (await PartySignsAsync(applicant, @case.Id, "applicant-1")).EnsureSuccessStatusCode();
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(await PdfsigAsync(mediator, @case.Id), "Signature is Valid"));
        Assert.Equal("InMediation", await StatusAsync(mediator, @case.Id));
        await (await applicant.GetAsync($"/api/cases/{@case.Id}/agreement/performance-notice")).AssertProblemAsync(409, "agreement-not-in-effect");

        var effect = await (await PartySignsAsync(respondent, @case.Id, "respondent-1")).JsonAsync();
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(await PdfsigAsync(mediator, @case.Id), "Signature is Valid").Count);
        Assert.Equal("AgreementReached", await StatusAsync(mediator, @case.Id));
        Assert.False(string.IsNullOrEmpty(effect.GetProperty("effectiveOn").GetString()));

        // In effect: the 履行告知书 with the concrete last days, for the party to keep.
        var notice = Path.Combine(_directory.Path, "notice.pdf");
        await File.WriteAllBytesAsync(notice, await applicant.GetByteArrayAsync($"/api/cases/{@case.Id}/agreement/performance-notice"));
        using (var pdftotext = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdftotext", ["-enc", "UTF-8", notice, "-"]) { RedirectStandardOutput = true })!)
        {
            var text = (await pdftotext.StandardOutput.ReadToEndAsync()).Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
            await pdftotext.WaitForExitAsync();
            Assert.Contains("履行告知书", text, StringComparison.Ordinal);
            var confirmBy = (await (await applicant.GetAsync($"/api/cases/{@case.Id}")).JsonAsync()).GetProperty("case").GetProperty("deadlines")
                .GetProperty("judicialConfirmationBy").GetString()!;
            var day = DateOnly.ParseExact(confirmBy, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains($"{day.Year}年{day.Month}月{day.Day}日", text, StringComparison.Ordinal);
        }

        (await StaffSignsAsync(mediator, @case.Id, "mediator")).EnsureSuccessStatusCode();
        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        (await StaffSignsAsync(admin, @case.Id, "seal")).EnsureSuccessStatusCode();
        var output = await PdfsigAsync(applicant, @case.Id);
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(output, "Signature is Valid").Count);
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(output, "ETSI.CAdES.detached").Count);
        Assert.Contains("Total document signed", output, StringComparison.Ordinal);

        // Our verification, as anyone holding the file would use it.
        var pdf = await applicant.GetByteArrayAsync($"/api/cases/{@case.Id}/agreement/document");
        using var content = new ByteArrayContent(pdf);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var verified = await (await _server.NewClient().PostAsync("/api/verify", content)).JsonAsync();
        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.ToString());
        Assert.Equal(["applicant-1", "respondent-1", "mediator", "seal"], verified.GetProperty("signatures").EnumerateArray().Select(s => s.GetProperty("field").GetString()));

        // The only keys kept are the root's and the seal's, both encrypted: the three people's keys lived for their
        // signature alone.
        using (var scope = _server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
            var kept = await db.SigningKeys.AsNoTracking().ToListAsync();
            Assert.Equal(["Root", "Seal"], kept.Select(k => k.Kind.ToString()).Order());
            Assert.All(kept, k => Assert.Throws<System.Security.Cryptography.CryptographicException>(() =>
                System.Security.Cryptography.ECDsa.Create().ImportPkcs8PrivateKey(k.EncryptedKey, out _)));
        }

        // Each signature is in the case's audit chain, with the hashes before and after.
        var timeline = await (await mediator.GetAsync($"/api/cases/{@case.Id}/timeline")).JsonAsync();
        Assert.Equal(4, timeline.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("action").GetString() == "agreement-signed"));
        Assert.True(timeline.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Wrong_codes_other_peoples_slots_superseded_versions_and_an_early_seal_are_refused_and_nothing_is_written()
    {
        var (@case, mediator) = await InMediationAsync("劳调〔2026〕第0102号", "13600000102");
        (await DraftAsync(mediator, @case.Id)).EnsureSuccessStatusCode();
        (await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/agreement/freeze", new { })).EnsureSuccessStatusCode();
        var applicant = await _server.PartyClientAsync(@case, PartySide.Applicant);
        var frozenPdf = await mediator.GetByteArrayAsync($"/api/cases/{@case.Id}/agreement/document");

        (await applicant.PostAsJsonAsync($"/api/cases/{@case.Id}/agreement/signing-code", new { slot = "applicant-1" })).EnsureSuccessStatusCode();
        await (await PartySignsAsync(applicant, @case.Id, "applicant-1", code: "000000")).AssertProblemAsync(400, "code-wrong");
        await (await applicant.PostAsJsonAsync($"/api/cases/{@case.Id}/agreement/signing-code", new { slot = "respondent-1" })).AssertProblemAsync(403, "signature-slot-not-yours");
        await (await StaffSignsAsync(mediator, @case.Id, "applicant-1")).AssertProblemAsync(403, "signature-slot-not-yours");
        await (await StaffSignsAsync(mediator, @case.Id, "mediator", "wrong password")).AssertProblemAsync(400, "signature-password-wrong");
        await (await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/agreement/signatures",
            new { version = 1, slot = "mediator", strokes = new object?[] { null, new object?[] { null, new[] { 0.5 } } }, padAspect = 3.0, password = ServerFactory.DemoPassword }))
            .AssertProblemAsync(400, "signature-drawing-empty");
        await (await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/agreement/signatures",
            new { version = 1, slot = "mediator", strokes = new[] { new[] { new[] { 0.5, 7.0 }, new[] { 0.6, 0.2 } } }, padAspect = 3.0, password = ServerFactory.DemoPassword }))
            .AssertProblemAsync(400, "signature-drawing-invalid");
        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        await (await StaffSignsAsync(admin, @case.Id, "seal")).AssertProblemAsync(409, "seal-before-signatures");
        await (await DraftAsync(admin, @case.Id)).AssertProblemAsync(403, "agreement-mediator-only");
        Assert.Equal(frozenPdf, await mediator.GetByteArrayAsync($"/api/cases/{@case.Id}/agreement/document"));

        // A change after freezing: version 2, and a signature on version 1 is refused.
        (await DraftAsync(mediator, @case.Id, 17000m)).EnsureSuccessStatusCode();
        (await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/agreement/freeze", new { })).EnsureSuccessStatusCode();
        _server.Time.Advance(TimeSpan.FromMinutes(2)); // past the resend interval of the first code
        await (await PartySignsAsync(applicant, @case.Id, "applicant-1", version: 1)).AssertProblemAsync(409, "agreement-version-superseded");
        var view = await (await applicant.GetAsync($"/api/cases/{@case.Id}/agreement")).JsonAsync();
        Assert.Equal(2, view.GetProperty("versionNumber").GetInt32());
        Assert.All(view.GetProperty("slots").EnumerateArray(), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("signedAtUtc").ValueKind));

        // Signing twice answers the same and writes once.
        _server.Time.Advance(TimeSpan.FromMinutes(2));
        (await PartySignsAsync(applicant, @case.Id, "applicant-1", version: 2)).EnsureSuccessStatusCode();
        var once = await mediator.GetByteArrayAsync($"/api/cases/{@case.Id}/agreement/document");
        (await applicant.PostAsJsonAsync($"/api/cases/{@case.Id}/agreement/signatures", new { version = 2, slot = "applicant-1", strokes = ServerFactory.Strokes, padAspect = 3.0, code = "123456" })).EnsureSuccessStatusCode();
        Assert.Equal(once, await mediator.GetByteArrayAsync($"/api/cases/{@case.Id}/agreement/document"));
    }

    [Fact]
    public async Task An_organization_words_its_agreements_in_versions_its_admin_writes_and_never_as_directly_enforceable()
    {
        var (@case, mediator) = await InMediationAsync("劳调〔2026〕第0103号", "13600000103");
        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        var url = $"/api/organizations/{@case.OrganizationId}/agreement-wording";
        var platform = await (await mediator.GetAsync(url)).JsonAsync();
        Assert.Equal((1, true), (platform.GetProperty("version").GetInt32(), platform.GetProperty("isPlatform").GetBoolean()));

        var recital = "{organization}于{receivedOn}受理{subject}一案，经主持调解，双方当事人自愿达成如下协议：";
        object Body(string remedies) => new
        {
            recital,
            effect = platform.GetProperty("effect").GetString(),
            remedies,
            copies = platform.GetProperty("copies").GetString(),
        };

        var remedies = platform.GetProperty("remedies").GetString()!;
        await (await mediator.PutAsJsonAsync(url, Body(remedies))).AssertProblemAsync(403, "agreement-wording-forbidden");
        await (await admin.PutAsJsonAsync($"/api/organizations/{Guid.NewGuid()}/agreement-wording", Body(remedies))).AssertProblemAsync(403, "agreement-wording-forbidden");
        await (await admin.PutAsJsonAsync(url, Body(remedies + "一方不履行的，另一方可以申请强制执行。"))).AssertProblemAsync(400, "template-claims-enforceability");
        var saved = await (await admin.PutAsJsonAsync(url, Body(remedies))).JsonAsync();
        Assert.Equal((2, false), (saved.GetProperty("version").GetInt32(), saved.GetProperty("isPlatform").GetBoolean()));

        // The next agreement frozen is made with it, and says which version made it.
        (await DraftAsync(mediator, @case.Id)).EnsureSuccessStatusCode();
        var frozen = await (await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/agreement/freeze", new { })).JsonAsync();
        Assert.Equal(2, frozen.GetProperty("wordingVersion").GetInt32());
        var path = Path.Combine(_directory.Path, "worded.pdf");
        await File.WriteAllBytesAsync(path, await mediator.GetByteArrayAsync($"/api/cases/{@case.Id}/agreement/document"));
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdftotext", ["-enc", "UTF-8", path, "-"]) { RedirectStandardOutput = true })!;
        var text = (await process.StandardOutput.ReadToEndAsync()).Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        await process.WaitForExitAsync();
        Assert.Contains("淄博市张店区劳动人事争议调解中心于", text, StringComparison.Ordinal);
        Assert.Contains("受理另一争议一案，经主持调解", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_signed_pdf_gets_a_clear_answer()
    {
        var anonymous = _server.NewClient();
        using var text = new StringContent("这不是 PDF");
        await (await anonymous.PostAsync("/api/verify", text)).AssertProblemAsync(422, "verify-not-pdf");
    }
}
