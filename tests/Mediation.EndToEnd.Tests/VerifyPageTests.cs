using Mediation.Documents.Layout;
using Mediation.Documents.Signing;
using Mediation.Testing;
using static Microsoft.Playwright.Assertions;

namespace Mediation.EndToEnd.Tests;

/// <summary>The page the QR code on a signed document leads to, on a phone and a desktop, in both languages: a file
/// signed under another CA is shown not valid with its signer, a file that is not a PDF gets a plain answer.</summary>
[Collection(nameof(BrowserServer))]
public sealed class VerifyPageTests(BrowserServer server) : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string SignedElsewhere()
    {
        using var authority = SigningAuthority.Create("别的平台", SampleDocuments.Now.AddDays(-1));
        using var certificate = authority.IssueForSigning(SampleDocuments.Signer("张三", "申请人"), SampleDocuments.Now);
        var pdf = PadesSigner.Sign(PdfRenderer.Render(SampleDocuments.Agreement(), SampleDocuments.Now),
            new SignatureRequest("applicant", certificate, [], SampleDocuments.Now, "张三", "调解协议签署", SampleDocuments.Drawing())).Pdf!;
        var path = Path.Combine(_directory.Path, "agreement.pdf");
        File.WriteAllBytes(path, pdf);
        return path;
    }

    [Theory]
    [InlineData(true, "zh-CN")]
    [InlineData(false, "en")]
    public async Task A_signature_from_elsewhere_is_shown_not_valid_with_its_signer_and_a_text_file_gets_a_plain_answer(bool phone, string locale)
    {
        var page = await server.NewPageAsync(phone);
        await page.GotoAsync("/verify");
        await page.EvaluateAsync($"() => localStorage.setItem('locale', '{locale}')");
        await page.ReloadAsync();

        await page.Locator("[data-test=verify-file]").SetInputFilesAsync(SignedElsewhere());
        await Expect(page.Locator("[data-test=verify-verdict]")).ToHaveAttributeAsync("data-valid", "false");
        var signature = page.Locator("[data-test=verify-signature]");
        await Expect(signature).ToContainTextAsync("张三");
        await Expect(signature).ToContainTextAsync(locale == "en" ? "not issued by this platform" : "不是本平台签发的");
        await PartyPathTests.ScreenshotAsync(page, $"verify-{(phone ? "390" : "1280")}-{locale}-untrusted");

        var text = Path.Combine(_directory.Path, "note.pdf");
        await File.WriteAllTextAsync(text, "这不是 PDF");
        await page.Locator("[data-test=verify-file]").SetInputFilesAsync(text);
        await Expect(page.Locator("[data-test=verify-problem]")).ToContainTextAsync(locale == "en" ? "This is not a PDF file." : "这不是 PDF 文件。");
    }
}
