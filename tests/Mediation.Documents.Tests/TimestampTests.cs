using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text.RegularExpressions;
using Mediation.Documents.Layout;
using Mediation.Documents.Signing;
using Mediation.Documents.Verification;
using Mediation.Testing;

namespace Mediation.Documents.Tests;

/// <summary>PAdES B-T: each signature time-stamped (RFC 3161) by an authority in other processes (OpenSSL's TSA),
/// the token over the signature value as OpenSSL itself verifies, the document still valid to pdfsig; and no
/// signature at all while the authority is away.</summary>
public sealed class TimestampTests : IDisposable
{
    private readonly SigningAuthority _authority = SigningAuthority.Create("Mediation.Online 测试平台", SampleDocuments.Now.AddDays(-1));
    private readonly OpenSslTimestampAuthority _tsa = new();
    private readonly HttpClient _http = new();
    private readonly TemporaryDirectory _directory = new();

    public void Dispose()
    {
        _authority.Dispose();
        _tsa.Dispose();
        _http.Dispose();
        _directory.Dispose();
    }

    private async Task<SigningResult> SignAsync(byte[] pdf, string slot, string name, DateTimeOffset at)
    {
        using var certificate = _authority.IssueForSigning(SampleDocuments.Signer(name, "申请人"), at);
        return await PadesSigner.SignAsync(pdf, new SignatureRequest(slot, certificate, [], at, name, "调解协议签署", SampleDocuments.Drawing())
        {
            Timestamps = new HttpTimestampAuthority(_http, _tsa.Url),
        });
    }

    [Fact]
    public async Task Each_signature_carries_a_timestamp_over_its_own_value_that_openssl_accepts_and_pdfsig_still_finds_every_signature_valid()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        var once = await SignAsync(PdfRenderer.Render(SampleDocuments.Agreement(), SampleDocuments.Now), "applicant", "张三", SampleDocuments.Now);
        var twice = await SignAsync(once.Pdf!, "respondent", "李四", SampleDocuments.Now.AddMinutes(1));
        Assert.Null(twice.Error);
        Assert.Equal(2, _tsa.Answered);

        var report = new PdfSignatureVerifier([_authority.Certificate]).Verify(twice.Pdf!);
        Assert.True(report.AllValid);
        Assert.All(report.Signatures, s =>
        {
            Assert.True(s.Timestamp is { Valid: true }, s.Field);
            Assert.InRange(s.Timestamp!.At!.Value, before, DateTimeOffset.UtcNow.AddSeconds(2));
            Assert.Equal("测试时间戳服务", s.Timestamp.Authority);
        });

        var path = Path.Combine(_directory.Path, "bt.pdf");
        await File.WriteAllBytesAsync(path, twice.Pdf!);
        var (_, output) = ExternalTool.Run("pdfsig", path);
        Assert.Equal(2, Regex.Matches(output, "Signature is Valid").Count);

        // Independently of .NET: the token in the last signature is the authority's, over that signature's value.
        var cms = LastSignature(twice.Pdf!);
        var signer = cms.SignerInfos[0];
        var token = signer.UnsignedAttributes.Cast<CryptographicAttributeObject>().Single(a => a.Oid.Value == CadesSignature.SignatureTimeStampOid).Values[0].RawData;
        Assert.True(_tsa.IndependentlyVerifies(token, signer.GetSignature()));
        Assert.False(_tsa.IndependentlyVerifies(token, [.. signer.GetSignature().Reverse()]));
    }

    [Fact]
    public async Task While_the_authority_is_away_nothing_is_signed_and_a_token_for_another_signature_does_not_verify()
    {
        var pdf = PdfRenderer.Render(SampleDocuments.Agreement(), SampleDocuments.Now);
        _tsa.Down = true;
        await Assert.ThrowsAsync<TimestampUnavailableException>(() => SignAsync(pdf, "applicant", "张三", SampleDocuments.Now));
        _tsa.Down = false;

        // A token moved from one signature onto another: the verifier sees it is not over this signature's value.
        var first = (await SignAsync(pdf, "applicant", "张三", SampleDocuments.Now)).Pdf!;
        var other = (await SignAsync(pdf, "applicant", "张三", SampleDocuments.Now)).Pdf!;
        var borrowed = LastSignature(first).SignerInfos[0].UnsignedAttributes.Cast<CryptographicAttributeObject>().Single().Values[0];
        var target = LastSignature(other);
        target.SignerInfos[0].RemoveUnsignedAttribute(target.SignerInfos[0].UnsignedAttributes.Cast<CryptographicAttributeObject>().Single().Values[0]);
        target.SignerInfos[0].AddUnsignedAttribute(borrowed);
        var timestamp = CadesSignature.TimestampOf(target.SignerInfos[0]);
        Assert.NotNull(timestamp);
        Assert.False(timestamp.Valid);
    }

    /// <summary>The CMS of the document's last signature, read out of its /Contents.</summary>
    private static SignedCms LastSignature(byte[] pdf)
    {
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        var hex = Regex.Matches(text, @"/Contents<([0-9A-Fa-f]+)>")[^1].Groups[1].Value;
        var bytes = Convert.FromHexString(hex);
        System.Formats.Asn1.AsnDecoder.ReadEncodedValue(bytes, System.Formats.Asn1.AsnEncodingRules.BER, out _, out _, out var length);
        var cms = new SignedCms();
        cms.Decode(bytes.AsSpan(0, length));
        return cms;
    }
}
