using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Mediation.Documents.Pdf;

namespace Mediation.Documents.Signing;

/// <summary>What one signature puts into a document.</summary>
/// <param name="SlotName">The empty signature field to fill (the renderer's <c>SlotSpec.Name</c>).</param>
/// <param name="Certificate">The signer's certificate with its private key (made for this signature alone).</param>
/// <param name="Chain">The certificates between it and the root, embedded for verifiers (none here: the platform's
/// root issues directly). The root itself stays out: a verifier must hold it already, and an embedded copy is
/// bytes nobody signed.</param>
/// <param name="SigningTime">The claimed signing time: the signature dictionary's /M (EN 319 142-1 §5.3).</param>
/// <param name="SignerName">The /Name of the signature dictionary.</param>
/// <param name="Reason">The /Reason (调解协议签署, 加盖调解组织电子印章).</param>
/// <param name="Drawing">The handwritten signature drawn by the signer; null for an organization's seal.</param>
/// <param name="PadAspect">The drawing pad's width over its height, so the drawing keeps its shape.</param>
public sealed record SignatureRequest(string SlotName, X509Certificate2 Certificate, IReadOnlyList<X509Certificate2> Chain, DateTimeOffset SigningTime,
    string SignerName, string Reason, SignatureDrawing? Drawing, double PadAspect = 3)
{
    /// <summary>The time-stamping authority that makes the signature B-T; null for B-B.</summary>
    public ITimestampAuthority? Timestamps { get; init; }
}

/// <summary>The signed document, or the code of why it could not be signed (nothing was changed then).</summary>
public sealed record SigningResult(byte[]? Pdf, string? Error)
{
    public static SigningResult Refused(string error) => new(null, error);
}

/// <summary>
/// Adds one PAdES baseline B-B signature (B-T with a time-stamping authority; ETSI EN 319 142-1; SubFilter
/// ETSI.CAdES.detached) to a document rendered
/// by <see cref="Layout.PdfRenderer"/>, as an incremental update (ISO 32000-1 §7.5.6): the field of the slot gets
/// its signature dictionary and its visible appearance, appended with a new cross-reference section, and every
/// earlier byte stays as it was — so every earlier signature stays valid. The /ByteRange covers the whole new
/// revision except the /Contents hole (§12.8.1).
/// </summary>
public static partial class PadesSigner
{
    /// <summary>Room for the CMS: an ECDSA signature and a three-certificate chain is some 2.5 KB of DER; an RFC 3161
    /// token would add 4–6 KB.</summary>
    public const int ReservedSignatureBytes = 8192;

    private const string ByteRangePlaceholder = "[0 0000000000 0000000000 0000000000]";

    /// <summary>A B-B signature: nothing to wait on, so it is made on the caller's thread (the task is complete when
    /// <see cref="SignAsync"/> returns without a time-stamping authority).</summary>
    public static SigningResult Sign(byte[] pdf, SignatureRequest request) =>
        SignAsync(pdf, request with { Timestamps = null }).GetAwaiter().GetResult();

    /// <summary>Signs; throws <see cref="TimestampUnavailableException"/> when a timestamp was asked for and none came
    /// (nothing is signed then).</summary>
    public static async Task<SigningResult> SignAsync(byte[] pdf, SignatureRequest request, CancellationToken ct = default)
    {
        var revisions = PdfRevisions.TryRead(pdf, out var error);
        if (revisions is null)
        {
            return SigningResult.Refused(error!);
        }

        if (FindField(revisions, request.SlotName) is not var (fieldNumber, fieldGeneration, fieldDictionary))
        {
            return SigningResult.Refused("signature-slot-not-found");
        }

        if (SignedValue().IsMatch(fieldDictionary))
        {
            return SigningResult.Refused("signature-slot-already-signed");
        }

        var rect = Rect().Match(fieldDictionary);
        var numbers = rect.Success ? rect.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        if (numbers.Length != 4)
        {
            return SigningResult.Refused("signature-slot-not-found");
        }

        var box = numbers.Select(n => double.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        var (width, height) = (Math.Abs(box[2] - box[0]), Math.Abs(box[3] - box[1]));

        var trailer = revisions.Trailer;
        var (signatureNumber, appearanceNumber, fontNumber) = (trailer.Size, trailer.Size + 1, trailer.Size + 2);
        var update = new UpdateWriter(pdf.Length);
        if (pdf[^1] is not (byte)'\n' and not (byte)'\r')
        {
            update.Text("\n");
        }

        var offsets = new SortedDictionary<int, (long Offset, int Generation)>();
        offsets[signatureNumber] = (update.Position, 0);
        update.Text(string.Create(CultureInfo.InvariantCulture,
            $"{signatureNumber} 0 obj\n<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange{ByteRangePlaceholder}/Contents<"));
        var contentsAt = update.Position - 1;
        update.Text(new string('0', ReservedSignatureBytes * 2));
        update.Text(string.Create(CultureInfo.InvariantCulture,
            $">/M({PdfDate(request.SigningTime)})/Name{TextString(request.SignerName)}/Reason{TextString(request.Reason)}>>\nendobj\n"));

        var content = Appearance(request, width, height);
        offsets[appearanceNumber] = (update.Position, 0);
        update.Text(string.Create(CultureInfo.InvariantCulture,
            $"{appearanceNumber} 0 obj\n<</Type/XObject/Subtype/Form/BBox[0 0 {width:0.##} {height:0.##}]/Resources<</Font<</Helv {fontNumber} 0 R>>>>/Length {content.Length}>>\nstream\n"));
        update.Text(content);
        update.Text("\nendstream\nendobj\n");

        offsets[fontNumber] = (update.Position, 0);
        update.Text(string.Create(CultureInfo.InvariantCulture, $"{fontNumber} 0 obj\n<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>\nendobj\n"));

        // The field again under its own number, now with its value and its appearance (§7.5.6: a changed object is
        // written anew in the update).
        offsets[fieldNumber] = (update.Position, fieldGeneration);
        update.Text(string.Create(CultureInfo.InvariantCulture,
            $"{fieldNumber} {fieldGeneration} obj\n{fieldDictionary[..fieldDictionary.LastIndexOf(">>", StringComparison.Ordinal)]}/V {signatureNumber} 0 R/AP<</N {appearanceNumber} 0 R>>>>\nendobj\n"));

        var xrefAt = update.Position;
        update.Text(CrossReference(offsets));
        update.Text(string.Create(CultureInfo.InvariantCulture,
            $"trailer\n<</Size {fontNumber + 1}/Root {trailer.Root}{(trailer.Info is { } info ? "/Info " + info : "")}{trailer.Id ?? ""}/Prev {revisions.Revisions[^1].XrefOffset}>>\nstartxref\n{xrefAt}\n%%EOF\n"));

        var signed = new byte[pdf.Length + update.Length];
        pdf.CopyTo(signed, 0);
        update.CopyTo(signed.AsSpan(pdf.Length));

        // The byte range: everything but the hex string of /Contents, its angle brackets included (§12.8.1).
        var (a, b) = (contentsAt, contentsAt + 2 + (ReservedSignatureBytes * 2));
        var range = string.Create(CultureInfo.InvariantCulture, $"[0 {a,10} {b,10} {signed.Length - b,10}]");
        var rangeAt = (int)(contentsAt - "/Contents".Length - ByteRangePlaceholder.Length);
        Encoding.ASCII.GetBytes(range).CopyTo(signed, rangeAt);

        var covered = new byte[a + (signed.Length - b)];
        signed.AsSpan(0, (int)a).CopyTo(covered);
        signed.AsSpan((int)b).CopyTo(covered.AsSpan((int)a));
        var cms = CadesSignature.Create(covered, request.Certificate, request.Chain);
        if (request.Timestamps is { } authority)
        {
            cms = await CadesSignature.WithTimestampAsync(cms, authority, ct);
        }

        if (cms.Length > ReservedSignatureBytes)
        {
            return SigningResult.Refused("signature-too-large");
        }

        Encoding.ASCII.GetBytes(Convert.ToHexString(cms)).CopyTo(signed, (int)a + 1);
        return new SigningResult(signed, null);
    }

    /// <summary>The signature field named <paramref name="name"/>, in its newest version.</summary>
    private static PdfObject? FindField(PdfRevisions revisions, string name) =>
        revisions.Latest.Values.Select(revisions.ObjectAt)
            .FirstOrDefault(o => o is not null && SignatureFields.IsSignatureField(o) && SignatureFields.NameOf(o) == name);

    /// <summary>The signature's look: the drawing in dark blue ink, or for a seal a red ring and star; and the time
    /// of signing along the bottom in Helvetica (digits only, so no font needs embedding).</summary>
    private static string Appearance(SignatureRequest request, double width, double height)
    {
        var time = request.SigningTime.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
        var page = new StringBuilder();
        if (request.Drawing is { } drawing)
        {
            page.Append("q 1 0 0 1 0 9 cm 0.05 0.12 0.4 RG 1.3 w 1 J 1 j\n");
            page.Append(drawing.ToPath(width, height - 9, request.PadAspect));
            page.Append("Q\n");
        }
        else
        {
            page.Append(SealPath(width, height));
        }

        page.Append(CultureInfo.InvariantCulture, $"BT /Helv 6 Tf 0.25 g 1 1.5 Td ({time}) Tj ET");
        return page.ToString();
    }

    /// <summary>A round seal's outline: two rings and a five-pointed star, in seal red.</summary>
    private static string SealPath(double width, double height)
    {
        var (cx, cy, r) = (width / 2, (height / 2) + 4, (Math.Min(width, height - 8) / 2) - 1);
        var path = new StringBuilder("q 0.8 0.1 0.1 RG 0.8 0.1 0.1 rg\n");
        foreach (var (radius, lineWidth) in new[] { (r, 2.2), (r * 0.86, 0.6) })
        {
            path.Append(CultureInfo.InvariantCulture, $"{lineWidth} w\n");
            Circle(path, cx, cy, radius);
            path.Append("S\n");
        }

        for (var i = 0; i < 10; i++)
        {
            var angle = (Math.PI / 2) + (i * Math.PI / 5);
            var radius = i % 2 == 0 ? r * 0.4 : r * 0.16;
            path.Append(CultureInfo.InvariantCulture, $"{cx + (radius * Math.Cos(angle)):0.##} {cy + (radius * Math.Sin(angle)):0.##} {(i == 0 ? "m" : "l")}\n");
        }

        path.Append("f\nQ\n");
        return path.ToString();
    }

    /// <summary>A circle as four Bézier arcs (the usual 0.5523 control distance).</summary>
    private static void Circle(StringBuilder path, double cx, double cy, double r)
    {
        var k = 0.5523 * r;
        path.Append(CultureInfo.InvariantCulture, $"{cx + r:0.##} {cy:0.##} m\n");
        path.Append(CultureInfo.InvariantCulture, $"{cx + r:0.##} {cy + k:0.##} {cx + k:0.##} {cy + r:0.##} {cx:0.##} {cy + r:0.##} c\n");
        path.Append(CultureInfo.InvariantCulture, $"{cx - k:0.##} {cy + r:0.##} {cx - r:0.##} {cy + k:0.##} {cx - r:0.##} {cy:0.##} c\n");
        path.Append(CultureInfo.InvariantCulture, $"{cx - r:0.##} {cy - k:0.##} {cx - k:0.##} {cy - r:0.##} {cx:0.##} {cy - r:0.##} c\n");
        path.Append(CultureInfo.InvariantCulture, $"{cx + k:0.##} {cy - r:0.##} {cx + r:0.##} {cy - k:0.##} {cx + r:0.##} {cy:0.##} c\n");
    }

    /// <summary>A classic cross-reference section (§7.5.4): object 0 and one subsection per run of numbers.</summary>
    private static string CrossReference(SortedDictionary<int, (long Offset, int Generation)> offsets)
    {
        var xref = new StringBuilder("xref\n0 1\n0000000000 65535 f \n");
        var numbers = offsets.Keys.ToList();
        for (var i = 0; i < numbers.Count;)
        {
            var run = 1;
            while (i + run < numbers.Count && numbers[i + run] == numbers[i] + run)
            {
                run++;
            }

            xref.Append(CultureInfo.InvariantCulture, $"{numbers[i]} {run}\n");
            for (var j = i; j < i + run; j++)
            {
                var (offset, generation) = offsets[numbers[j]];
                xref.Append(CultureInfo.InvariantCulture, $"{offset:D10} {generation:D5} n \n");
            }

            i += run;
        }

        return xref.ToString();
    }

    /// <summary>A PDF date (§7.9.4) with the signer's UTC offset: D:YYYYMMDDHHmmSS+08'00'.</summary>
    internal static string PdfDate(DateTimeOffset time)
    {
        var offset = time.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        return string.Create(CultureInfo.InvariantCulture, $"D:{time:yyyyMMddHHmmss}{sign}{Math.Abs(offset.Hours):00}'{Math.Abs(offset.Minutes):00}'");
    }

    /// <summary>A PDF text string (§7.9.2.2) as UTF-16BE with its byte order mark, in hex: Chinese names survive.</summary>
    internal static string TextString(string text) => "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text)) + ">";

    /// <summary>Appends the update's bytes, counting positions in the file being made.</summary>
    private sealed class UpdateWriter(long start)
    {
        private readonly MemoryStream _bytes = new();

        public long Position => start + _bytes.Length;

        public int Length => (int)_bytes.Length;

        public void Text(string text) => _bytes.Write(Encoding.Latin1.GetBytes(text));

        public void CopyTo(Span<byte> target) => _bytes.GetBuffer().AsSpan(0, Length).CopyTo(target);
    }

    [GeneratedRegex(@"/V\s+\d+\s+\d+\s+R")]
    private static partial Regex SignedValue();

    [GeneratedRegex(@"/Rect\s*\[\s*([-\d.\s]+)\]")]
    private static partial Regex Rect();

}
