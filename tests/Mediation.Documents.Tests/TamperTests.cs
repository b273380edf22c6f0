using System.Text;
using System.Text.RegularExpressions;
using Mediation.Documents.Verification;
using Mediation.Testing;

namespace Mediation.Documents.Tests;

/// <summary>Any change to a signed document after signing is seen: by our verifier and by pdfsig.</summary>
public sealed class TamperTests : IDisposable
{
    private readonly SigningFlowTests _flow = new();
    private readonly TemporaryDirectory _directory = new();

    public void Dispose()
    {
        _flow.Dispose();
        _directory.Dispose();
    }

    private (VerificationReport Ours, string Pdfsig) Check(byte[] pdf, SigningFlowTests flow)
    {
        var path = Path.Combine(_directory.Path, Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(path, pdf);
        var verifier = new PdfSignatureVerifier([flow.Authority]);
        return (verifier.Verify(pdf), ExternalTool.Run("pdfsig", path).Output);
    }

    [Fact]
    public void One_byte_changed_inside_the_signed_ranges_breaks_the_signature()
    {
        var pdf = _flow.SignAll(2);
        // The first page's content: a byte of the text everyone signed.
        var text = Encoding.Latin1.GetString(pdf);
        var at = text.IndexOf("stream", StringComparison.Ordinal) + 40;
        pdf[at] ^= 0x01;

        var (ours, pdfsig) = Check(pdf, _flow);

        Assert.All(ours.Signatures, s => Assert.False(s.Intact));
        Assert.False(ours.AllValid);
        Assert.DoesNotContain("Signature is Valid", pdfsig, StringComparison.Ordinal);
    }

    [Fact]
    public void One_byte_changed_in_the_signature_value_or_its_padding_is_seen()
    {
        var signed = _flow.SignAll(1);
        var text = Encoding.Latin1.GetString(signed);
        var contents = text.IndexOf("/Contents<", StringComparison.Ordinal) + "/Contents<".Length;

        // Near the end of the DER: inside the ECDSA signature value.
        var inValue = (byte[])signed.Clone();
        var derEnd = text.IndexOf("0000000000", contents, StringComparison.Ordinal);
        inValue[derEnd - 6] = (byte)(inValue[derEnd - 6] == (byte)'A' ? 'B' : 'A');
        var (ours, pdfsig) = Check(inValue, _flow);
        Assert.False(ours.Signatures.Single().Intact);
        Assert.DoesNotContain("Signature is Valid", pdfsig, StringComparison.Ordinal);

        // In the zeros after it, which no CMS parser reads: still a change, and ours says so.
        var inPadding = (byte[])signed.Clone();
        inPadding[derEnd + 100] = (byte)'7';
        Assert.False(Check(inPadding, _flow).Ours.Signatures.Single().Intact);
    }

    [Fact]
    public void An_unsigned_update_that_changes_a_page_is_seen_after_the_last_signature()
    {
        var signed = _flow.SignAll(4);
        var text = Encoding.Latin1.GetString(signed);
        var startxref = int.Parse(Regex.Matches(text, @"startxref\s+(\d+)")[^1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var size = int.Parse(Regex.Matches(text, @"/Size\s+(\d+)")[^1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var root = Regex.Match(text, @"/Root\s+(\d+ \d+ R)").Groups[1].Value;
        // The first page again, its content now a new stream that says something else.
        var page = Regex.Match(text, @"(\d+) 0 obj\s*<<[^>]*?/Type\s*/Page\b");
        var pageNumber = page.Groups[1].Value;
        var pageDictionary = Regex.Match(text[page.Index..], @"<<.*?>>\s*endobj", RegexOptions.Singleline).Value;
        var altered = Regex.Replace(pageDictionary[..pageDictionary.LastIndexOf("endobj", StringComparison.Ordinal)], @"/Contents\s+(\d+ 0 R|\[[^\]]*\])", $"/Contents {size} 0 R");

        var update = new StringBuilder("\n");
        var offsets = new List<(int Number, long Offset)>();
        var content = "BT /F0 40 Tf 100 400 Td (forged) Tj ET";
        offsets.Add((size, signed.Length + update.Length));
        update.Append($"{size} 0 obj\n<</Length {content.Length}>>\nstream\n{content}\nendstream\nendobj\n");
        offsets.Add((int.Parse(pageNumber, System.Globalization.CultureInfo.InvariantCulture), signed.Length + update.Length));
        update.Append($"{pageNumber} 0 obj\n{altered}endobj\n");
        var xref = signed.Length + update.Length;
        update.Append("xref\n0 1\n0000000000 65535 f \n");
        foreach (var (number, offset) in offsets.OrderBy(o => o.Number))
        {
            update.Append($"{number} 1\n{offset:D10} 00000 n \n");
        }

        update.Append($"trailer\n<</Size {size + 1}/Root {root}/Prev {startxref}>>\nstartxref\n{xref}\n%%EOF\n");
        var forged = signed.Concat(Encoding.Latin1.GetBytes(update.ToString())).ToArray();

        var (ours, pdfsig) = Check(forged, _flow);

        Assert.True(ours.ModifiedAfterLastSignature);
        Assert.All(ours.Signatures, s => Assert.True(s.DisallowedChangeAfter));
        Assert.All(ours.Signatures, s => Assert.True(s.Intact)); // each still signs its own revision
        Assert.False(ours.AllValid);
        Assert.DoesNotContain("Total document signed", pdfsig.Replace("Not total document signed", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Later_signatures_are_allowed_changes_for_the_earlier_ones()
    {
        var report = new PdfSignatureVerifier([_flow.Authority]).Verify(_flow.SignAll(4));

        Assert.All(report.Signatures, s => Assert.False(s.DisallowedChangeAfter));
        Assert.False(report.ModifiedAfterLastSignature);
    }

    [Theory]
    [InlineData("verify-not-pdf")]
    [InlineData("verify-no-signature")]
    [InlineData("verify-too-large")]
    public void A_file_that_cannot_be_checked_gets_a_reason_not_an_exception(string expected)
    {
        var bytes = expected switch
        {
            "verify-not-pdf" => Encoding.UTF8.GetBytes("<html><body>这是一个网页，不是 PDF。</body></html>"),
            "verify-no-signature" => Layout.PdfRenderer.Render(SampleDocuments.Agreement(), SampleDocuments.Now),
            _ => new byte[PdfSignatureVerifier.MaxLength + 1],
        };

        var report = new PdfSignatureVerifier([_flow.Authority]).Verify(bytes);

        Assert.Equal(expected, report.Problem);
        Assert.False(report.AllValid);
    }

    [Fact]
    public void Random_damage_never_throws_and_never_passes()
    {
        var signed = _flow.SignAll(2);
        var random = new Random(20261202);
        var verifier = new PdfSignatureVerifier([_flow.Authority]);
        for (var i = 0; i < 200; i++)
        {
            var damaged = (byte[])signed.Clone();
            var at = random.Next(damaged.Length);
            var was = damaged[at];
            damaged[at] = (byte)random.Next(256);
            if (damaged[at] == was)
            {
                continue;
            }

            var report = verifier.Verify(damaged);
            // A changed byte is either seen or sits where nothing is signed and nothing is read — which cannot be:
            // every byte is in a range, in the hole's DER, or in the hole's padding.
            Assert.False(report.AllValid, $"byte {at} changed from {was} to {damaged[at]} and the document still verified");
        }
    }
}
