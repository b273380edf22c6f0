using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Mediation.Documents.Pdf;
using Mediation.Documents.Signing;

namespace Mediation.Documents.Verification;

/// <summary>
/// Checks the signatures of a PDF: each one's CMS against its byte range (ISO 32000-1 §12.8.1), its certificate
/// chain against the roots given, and what the revisions after it changed — further signatures are allowed, a page
/// or its content is not (the DocMDP "form filling and signing" rule, §12.8.2.2). Never throws on a bad file: what
/// is wrong with it is in the report.
/// </summary>
public sealed partial class PdfSignatureVerifier(IReadOnlyList<X509Certificate2> trustedRoots)
{
    /// <summary>The largest file checked: a signed agreement is well under a megabyte.</summary>
    public const int MaxLength = 20 * 1024 * 1024;

    public VerificationReport Verify(byte[] pdf)
    {
        if (pdf.Length > MaxLength)
        {
            return VerificationReport.Unreadable("verify-too-large", pdf.Length);
        }

        if (pdf.Length < 32 || !pdf.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
        {
            return VerificationReport.Unreadable("verify-not-pdf", pdf.Length);
        }

        var text = PdfRevisions.Ascii(pdf, 0, pdf.Length);
        var revisions = PdfRevisions.TryRead(pdf, out _);
        var signatures = new List<SignatureReport>();
        var coveredUpTo = 0L;
        foreach (Match match in ByteRange().Matches(text))
        {
            var report = Check(pdf, text, match, revisions);
            if (report is not null)
            {
                signatures.Add(report.Value.Report);
                coveredUpTo = Math.Max(coveredUpTo, report.Value.End);
            }
        }

        if (signatures.Count == 0)
        {
            return VerificationReport.Unreadable("verify-no-signature", pdf.Length);
        }

        signatures.Sort((a, b) => Nullable.Compare(a.ClaimedTime, b.ClaimedTime));
        return new VerificationReport(null, signatures, coveredUpTo < pdf.Length, pdf.Length);
    }

    private (SignatureReport Report, long End)? Check(byte[] pdf, string text, Match match, PdfRevisions? revisions)
    {
        var range = Enumerable.Range(1, 4).Select(i => long.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture)).ToArray();
        var (a, b, end) = (range[1], range[2], range[2] + range[3]);
        // A byte range of our shape: from the start, around one hex string, inside the file.
        if (range[0] != 0 || a <= 0 || b <= a + 1 || end > pdf.Length || pdf[a] != '<' || pdf[b - 1] != '>')
        {
            return null;
        }

        var dictionary = ObjectAround(pdf, text, match.Index);
        var signatureDictionary = dictionary?.Dictionary ?? text[match.Index..(int)Math.Min(text.Length, b + 512)];

        var covered = new byte[a + (end - b)];
        pdf.AsSpan(0, (int)a).CopyTo(covered);
        pdf.AsSpan((int)b, (int)(end - b)).CopyTo(covered.AsSpan((int)a));
        var claimed = ClaimedTime(signatureDictionary);
        var (intact, signer, chain, der) = CheckCms(pdf, a, b, covered);
        var (trusted, trustProblem, subjects) = signer is null ? (false, "verify-no-certificate", []) : CheckTrust(signer, chain, der, claimed);

        var field = FieldOf(revisions, dictionary?.Number);
        var subject = signer?.SubjectName;
        var report = new SignatureReport(
            field ?? "",
            SubFilter().Match(signatureDictionary) is { Success: true } sf ? sf.Groups[1].Value : "",
            signer?.GetNameInfo(X509NameType.SimpleName, false) ?? "",
            Attribute(subject, "2.5.4.11"),
            Attribute(subject, "2.5.4.5"),
            Attribute(subject, "2.5.4.13"),
            claimed,
            intact,
            trusted,
            trustProblem,
            end == pdf.Length,
            revisions is null ? end != pdf.Length : DisallowedChangeAfter(revisions, end),
            subjects,
            Convert.ToHexStringLower(SHA256.HashData(pdf.AsSpan(0, (int)end))),
            der is null ? null : CadesSignature.TimestampOf(der.SignerInfos[0]));
        signer?.Dispose();
        return (report, end);
    }

    /// <summary>The indirect object that <paramref name="index"/> lies in: the nearest "N G obj" before it.</summary>
    private static PdfObject? ObjectAround(byte[] pdf, string text, int index)
    {
        var keyword = text.LastIndexOf(" obj", index, StringComparison.Ordinal);
        if (keyword < 0)
        {
            return null;
        }

        var from = Math.Max(0, keyword - 24);
        var header = ObjectStart().Match(text, from, keyword + 4 - from);
        return header.Success ? PdfRevisions.ReadObject(pdf, header.Index) : null;
    }

    /// <summary>The CMS in the hole of the byte range: decoded, its padding all zeros, its signature and message
    /// digest checked against the covered bytes.</summary>
    private static (bool Intact, X509Certificate2? Signer, X509Certificate2Collection Chain, SignedCms? Cms) CheckCms(byte[] pdf, long a, long b, byte[] covered)
    {
        var hex = Encoding.ASCII.GetString(pdf, (int)a + 1, (int)(b - a - 2));
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex.Length % 2 == 0 ? hex : hex + "0");
        }
        catch (FormatException)
        {
            return (false, null, [], null);
        }

        try
        {
            AsnDecoder.ReadEncodedValue(bytes, AsnEncodingRules.BER, out _, out _, out var length);
            // The hole holds the DER in hex and zeros after it, written one way only (in one case): a changed byte in
            // the padding, or a digit's case, changes nothing a CMS parser reads, and is a change all the same.
            var padding = new string('0', hex.Length - (2 * length));
            var intact = hex == Convert.ToHexString(bytes, 0, length) + padding || hex == Convert.ToHexStringLower(bytes, 0, length) + padding;
            var cms = new SignedCms(new ContentInfo(covered), detached: true);
            cms.Decode(bytes.AsSpan(0, length));
            var signerInfo = cms.SignerInfos[0];
            var signer = signerInfo.Certificate is { } c ? X509CertificateLoader.LoadCertificate(c.RawData) : null;
            try
            {
                signerInfo.CheckSignature(verifySignatureOnly: true);
            }
            catch (CryptographicException)
            {
                intact = false;
            }

            return (intact, signer, cms.Certificates, cms);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or InvalidOperationException or ArgumentException)
        {
            return (false, null, [], null);
        }
    }

    private (bool Trusted, string? Problem, IReadOnlyList<string> Subjects) CheckTrust(X509Certificate2 signer, X509Certificate2Collection embedded, SignedCms? cms, DateTimeOffset? claimed)
    {
        var essNamesSigner = cms?.SignerInfos[0].SignedAttributes.Cast<CryptographicAttributeObject>()
            .Where(x => x.Oid.Value == CadesSignature.SigningCertificateV2Oid)
            .SelectMany(x => x.Values.Cast<AsnEncodedData>())
            .Any(v => CadesSignature.NamesCertificate(v.RawData, signer)) ?? false;

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedRoots.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(embedded);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // B-B has no proof of time but its claimed one (/M): the certificate must have been valid then. A signing
        // event's certificate lives ten minutes, so "now" would fail every signature after that.
        chain.ChainPolicy.VerificationTime = (claimed ?? DateTimeOffset.UtcNow).UtcDateTime;
        var built = chain.Build(signer);
        var subjects = chain.ChainElements.Select(e => e.Certificate.Subject).ToList();
        // Certificates in the CMS are not covered by its signature: one that is not in the chain built is bytes
        // somebody added or changed.
        var inChain = chain.ChainElements.Select(e => e.Certificate.Thumbprint).ToHashSet(StringComparer.Ordinal);
        if (embedded.Any(c => !inChain.Contains(c.Thumbprint)))
        {
            return (false, "verify-unexpected-certificate", subjects);
        }

        if (!built)
        {
            var status = chain.ChainStatus.Select(s => s.Status).FirstOrDefault();
            return (false, status == X509ChainStatusFlags.NotTimeValid ? "verify-certificate-expired" : "verify-untrusted-certificate", subjects);
        }

        return essNamesSigner ? (true, null, subjects) : (false, "verify-signing-certificate-mismatch", subjects);
    }

    /// <summary>
    /// Whether a revision after <paramref name="end"/> changed anything but signatures: each object it writes must be
    /// a signature field (its widget, now signed), a signature dictionary, or — new — an appearance and its font.
    /// </summary>
    private static bool DisallowedChangeAfter(PdfRevisions revisions, long end)
    {
        var sizeBefore = 0;
        foreach (var revision in revisions.Revisions)
        {
            if (revision.End > end)
            {
                foreach (var (number, offset) in revision.Objects)
                {
                    var written = revisions.ObjectAt(offset);
                    var isNew = number >= sizeBefore;
                    var allowed = written is not null && !PageType().IsMatch(written.Dictionary) && (
                        (SignatureFields.IsSignatureField(written) && WidgetType().IsMatch(written.Dictionary))
                        || (isNew && (SignatureType().IsMatch(written.Dictionary) || FormType().IsMatch(written.Dictionary) || FontType().IsMatch(written.Dictionary))));
                    if (!allowed)
                    {
                        return true;
                    }
                }
            }

            sizeBefore = revision.Trailer.Size;
        }

        return false;
    }

    /// <summary>The name (/T) of the field whose value (/V) is signature dictionary <paramref name="signature"/>.</summary>
    private static string? FieldOf(PdfRevisions? revisions, int? signature)
    {
        if (revisions is null || signature is null)
        {
            return null;
        }

        var value = new Regex($@"/V\s+{signature}\s+\d+\s+R\b", RegexOptions.None, TimeSpan.FromSeconds(1));
        return revisions.Latest.Values.Select(revisions.ObjectAt)
            .Where(o => o is not null && SignatureFields.IsSignatureField(o) && value.IsMatch(o.Dictionary))
            .Select(o => SignatureFields.NameOf(o!) ?? "")
            .FirstOrDefault();
    }

    private static DateTimeOffset? ClaimedTime(string dictionary)
    {
        var m = SigningTime().Match(dictionary);
        if (!m.Success)
        {
            return null;
        }

        var local = DateTime.ParseExact(m.Groups[1].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var offset = m.Groups[2].Value is "Z" or "" ? TimeSpan.Zero
            : new TimeSpan(int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture), 0) * (m.Groups[2].Value[0] == '-' ? -1 : 1);
        return new DateTimeOffset(local, offset);
    }

    private static string? Attribute(X500DistinguishedName? name, string oid) =>
        name?.EnumerateRelativeDistinguishedNames().FirstOrDefault(r => r.GetSingleElementType().Value == oid)?.GetSingleElementValue();

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRange();

    [GeneratedRegex(@"\d+\s+\d+\s+obj$")]
    private static partial Regex ObjectStart();

    [GeneratedRegex(@"/SubFilter\s*/([A-Za-z0-9.]+)")]
    private static partial Regex SubFilter();

    [GeneratedRegex(@"/M\s*\(D:(\d{14})(?:([Z+-])(?:(\d{2})'?(\d{2})'?)?)?\)")]
    private static partial Regex SigningTime();

    [GeneratedRegex(@"/Subtype\s*/Widget\b")]
    private static partial Regex WidgetType();

    [GeneratedRegex(@"/Type\s*/Sig\b")]
    private static partial Regex SignatureType();

    [GeneratedRegex(@"/Subtype\s*/Form\b")]
    private static partial Regex FormType();

    [GeneratedRegex(@"/Type\s*/Font\b")]
    private static partial Regex FontType();

    [GeneratedRegex(@"/Type\s*/Pages?\b|/Type\s*/Catalog\b")]
    private static partial Regex PageType();
}
