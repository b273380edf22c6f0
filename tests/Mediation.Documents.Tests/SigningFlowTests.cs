using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.RegularExpressions;
using Mediation.Documents.Layout;
using Mediation.Documents.Signing;
using Mediation.Documents.Verification;
using Mediation.Testing;

namespace Mediation.Documents.Tests;

/// <summary>Four signatures one after the other (two parties, the mediator, the organization's seal), each checked
/// by poppler's pdfsig and by our verifier; the chain checked by OpenSSL.</summary>
public sealed partial class SigningFlowTests : IDisposable
{
    internal System.Security.Cryptography.X509Certificates.X509Certificate2 Authority => _authority.Certificate;

    private readonly SigningAuthority _authority = SigningAuthority.Create("Mediation.Online 测试平台", SampleDocuments.Now.AddDays(-1));
    private readonly ECDsa _sealKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly TemporaryDirectory _directory = new();

    public void Dispose()
    {
        _authority.Dispose();
        _sealKey.Dispose();
        _directory.Dispose();
    }

    internal byte[] SignAll(int count)
    {
        var pdf = PdfRenderer.Render(SampleDocuments.Agreement(), SampleDocuments.Now);
        var signers = new[] { ("applicant", "张三", "申请人"), ("respondent", "李四", "被申请人"), ("mediator", "王五", "调解员") };
        for (var i = 0; i < Math.Min(count, 3); i++)
        {
            pdf = Sign(pdf, signers[i].Item1, signers[i].Item2, signers[i].Item3, SampleDocuments.Now.AddMinutes(i));
        }

        return count > 3 ? Seal(pdf, SampleDocuments.Now.AddMinutes(5)) : pdf;
    }

    internal byte[] Sign(byte[] pdf, string slot, string name, string role, DateTimeOffset at)
    {
        using var certificate = _authority.IssueForSigning(SampleDocuments.Signer(name, role), at);
        var result = PadesSigner.Sign(pdf, new SignatureRequest(slot, certificate, [], at, name, "调解协议签署", SampleDocuments.Drawing()));
        Assert.Null(result.Error);
        return result.Pdf!;
    }

    private byte[] Seal(byte[] pdf, DateTimeOffset at)
    {
        using var seal = _authority.IssueSeal(new SignerIdentity("淄博市张店区劳动人事争议调解委员会", "调解组织", "91370303MA3C000000", null, null), at.AddDays(-30), _sealKey);
        var result = PadesSigner.Sign(pdf, new SignatureRequest("seal", seal, [], at, "淄博市张店区劳动人事争议调解委员会", "加盖调解组织电子印章", null));
        Assert.Null(result.Error);
        return result.Pdf!;
    }

    [Fact]
    public void Each_signature_is_valid_to_pdfsig_and_to_our_verifier_and_the_last_covers_the_whole_document()
    {
        var verifier = new PdfSignatureVerifier([_authority.Certificate]);
        for (var count = 1; count <= 4; count++)
        {
            var pdf = SignAll(count);
            var path = Path.Combine(_directory.Path, $"signed-{count}.pdf");
            File.WriteAllBytes(path, pdf);

            var (_, output) = ExternalTool.Run("pdfsig", path);
            Assert.Equal(count, ValidSignature().Matches(output).Count);
            Assert.Equal(count, Regex.Matches(output, "Signature Type: ETSI.CAdES.detached").Count);
            Assert.Single(Regex.Matches(output, "(?<!Not t)Total document signed"));
            Assert.Equal(count - 1, Regex.Matches(output, "Not total document signed").Count);

            var report = verifier.Verify(pdf);
            Assert.True(report.AllValid, output);
            Assert.Equal(count, report.Signatures.Count);
            Assert.True(report.Signatures[^1].CoversWholeDocument);
            Assert.All(report.Signatures.SkipLast(1), s => Assert.False(s.CoversWholeDocument));
        }
    }

    [Fact]
    public void The_report_names_each_signer_their_role_and_time_in_the_order_they_signed()
    {
        var report = new PdfSignatureVerifier([_authority.Certificate]).Verify(SignAll(4));

        Assert.Equal(["applicant", "respondent", "mediator", "seal"], report.Signatures.Select(s => s.Field));
        Assert.Equal(["张三", "李四", "王五", "淄博市张店区劳动人事争议调解委员会"], report.Signatures.Select(s => s.SignerName));
        Assert.Equal(["申请人", "被申请人", "调解员", "调解组织"], report.Signatures.Select(s => s.Role));
        Assert.Equal("3703**********1234", report.Signatures[0].SignerReference);
        Assert.Equal("淄张劳调〔2026〕第 0042 号", report.Signatures[0].CaseNumber);
        Assert.Equal(SampleDocuments.Now, report.Signatures[0].ClaimedTime);
        Assert.Equal(SampleDocuments.Now.AddMinutes(5), report.Signatures[3].ClaimedTime);
        Assert.All(report.Signatures, s => Assert.Equal(2, s.Chain.Count));
    }

    [Fact]
    public void Each_signer_certificate_chains_to_the_platform_root_for_openssl()
    {
        var pdf = SignAll(4);
        var root = Path.Combine(_directory.Path, "root.pem");
        File.WriteAllText(root, _authority.Certificate.ExportCertificatePem());
        foreach (var (cms, index) in SignatureContents(pdf).Select((c, i) => (c, i)))
        {
            var signed = new SignedCms();
            signed.Decode(cms);
            var signer = signed.SignerInfos[0].Certificate!;
            var path = Path.Combine(_directory.Path, $"signer-{index}.pem");
            File.WriteAllText(path, signer.ExportCertificatePem());
            // At the time of signing (all four within these minutes): a signing event's certificate lives ten minutes.
            var at = SampleDocuments.Now.AddMinutes(3).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (exit, output) = ExternalTool.Run("openssl", "verify", "-attime", at, "-CAfile", root, path);
            Assert.True(exit == 0, output);
            Assert.Contains(": OK", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_cms_is_pades_baseline_signing_certificate_v2_present_signing_time_absent()
    {
        foreach (var cms in SignatureContents(SignAll(2)))
        {
            var signed = new SignedCms();
            signed.Decode(cms);
            var attributes = signed.SignerInfos[0].SignedAttributes.Cast<CryptographicAttributeObject>().Select(a => a.Oid.Value).ToList();
            Assert.Contains("1.2.840.113549.1.9.3", attributes); // content-type
            Assert.Contains("1.2.840.113549.1.9.4", attributes); // message-digest
            Assert.Contains(CadesSignature.SigningCertificateV2Oid, attributes);
            Assert.DoesNotContain("1.2.840.113549.1.9.5", attributes); // signing-time: /M instead (EN 319 142-1)
            Assert.Equal("2.16.840.1.101.3.4.2.1", signed.SignerInfos[0].DigestAlgorithm.Value);
            Assert.True(signed.ContentInfo.Content.Length == 0, "the content is detached: the byte ranges are not in the CMS");
        }
    }

    [Fact]
    public void A_signature_from_another_root_is_intact_but_not_trusted()
    {
        using var other = SigningAuthority.Create("别的平台", SampleDocuments.Now.AddDays(-1));
        var report = new PdfSignatureVerifier([other.Certificate]).Verify(SignAll(1));

        Assert.True(report.Signatures[0].Intact);
        Assert.False(report.Signatures[0].Trusted);
        Assert.Equal("verify-untrusted-certificate", report.Signatures[0].TrustProblem);
        Assert.False(report.AllValid);
    }

    [Fact]
    public void A_slot_signed_already_or_not_in_the_document_is_refused_and_the_document_left_as_it_was()
    {
        var pdf = SignAll(1);
        using var certificate = _authority.IssueForSigning(SampleDocuments.Signer("张三", "申请人"), SampleDocuments.Now);

        var again = PadesSigner.Sign(pdf, new SignatureRequest("applicant", certificate, [], SampleDocuments.Now, "张三", "调解协议签署", SampleDocuments.Drawing()));
        var unknown = PadesSigner.Sign(pdf, new SignatureRequest("witness", certificate, [], SampleDocuments.Now, "张三", "调解协议签署", SampleDocuments.Drawing()));
        var notPdf = PadesSigner.Sign(Encoding.UTF8.GetBytes("这不是 PDF 文件，只是一段文字而已，长度足够三十二个字节。"), new SignatureRequest("applicant", certificate, [], SampleDocuments.Now, "张三", "调解协议签署", null));

        Assert.Equal("signature-slot-already-signed", again.Error);
        Assert.Null(again.Pdf);
        Assert.Equal("signature-slot-not-found", unknown.Error);
        Assert.Equal("not-pdf", notPdf.Error);
    }

    /// <summary>The DER of each signature, cut out of its /Contents.</summary>
    internal static IEnumerable<byte[]> SignatureContents(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        foreach (Match range in ByteRange().Matches(text))
        {
            var (a, b) = (int.Parse(range.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(range.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            var bytes = Convert.FromHexString(text[(a + 1)..(b - 1)]);
            System.Formats.Asn1.AsnDecoder.ReadEncodedValue(bytes, System.Formats.Asn1.AsnEncodingRules.BER, out _, out _, out var length);
            yield return bytes[..length];
        }
    }

    [GeneratedRegex(@"Signature Validation: Signature is Valid")]
    private static partial Regex ValidSignature();

    [GeneratedRegex(@"/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+\d+\s*\]")]
    private static partial Regex ByteRange();
}
