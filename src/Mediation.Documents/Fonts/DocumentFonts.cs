using PdfSharp.Fonts;

namespace Mediation.Documents.Fonts;

/// <summary>
/// The one typeface every document is set in: a CJK font with TrueType outlines, so PDFsharp embeds a subset (a
/// two-page agreement stays small) and <c>pdftotext</c> reads the Chinese back. The first of the candidates that
/// exists is used; a collection is cut down to its first face.
/// </summary>
public sealed class DocumentFonts : IFontResolver
{
    /// <summary>The family name documents ask for.</summary>
    public const string Family = "MediationCjk";

    /// <summary>Where Debian's packages put the fonts that work (fonts-wqy-zenhei, fonts-wqy-microhei), each with
    /// Latin letters and digits beside the Chinese. Droid Sans Fallback is not among them: it has no digits, so
    /// amounts and dates would vanish. Noto CJK neither: its CFF outlines are embedded whole (some 14 MB a document).</summary>
    public static readonly IReadOnlyList<string> Candidates =
    [
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    ];

    private static readonly Lock Gate = new();
    private static DocumentFonts? _installed;
    private static string? _configuredPath;
    private readonly byte[] _face;

    private DocumentFonts(string path, byte[] face) => (Path, _face) = (path, face);

    /// <summary>The font file in use.</summary>
    public string Path { get; }

    /// <summary>The font file to use instead of the candidates (Documents:FontPath); read when the first document
    /// is rendered, so a server without fonts starts and says what is missing when a document is asked for.</summary>
    public static void UsePath(string? path)
    {
        lock (Gate)
        {
            _configuredPath = path;
        }
    }

    /// <summary>
    /// Installs the resolver for the process (PDFsharp's resolver is process-wide and set once). Returns the one
    /// installed; throws <see cref="FontsMissingException"/> with the paths tried when no usable font is found.
    /// </summary>
    public static DocumentFonts Install()
    {
        lock (Gate)
        {
            if (_installed is not null)
            {
                return _installed;
            }

            var tried = _configuredPath is { Length: > 0 } ? [_configuredPath] : Candidates;
            foreach (var path in tried.Where(File.Exists))
            {
                var bytes = File.ReadAllBytes(path);
                var face = TrueTypeCollection.IsCollection(bytes) ? TrueTypeCollection.ExtractFace(bytes, 0) : bytes;
                if (face is null)
                {
                    continue;
                }

                _installed = new DocumentFonts(path, face);
                GlobalFontSettings.FontResolver = _installed;
                return _installed;
            }

            throw new FontsMissingException(
                $"No CJK font for documents was found (tried {string.Join(", ", tried)}). Install fonts-wqy-zenhei, or set Documents:FontPath.");
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        // One face for every style: bold is simulated, which the titles are set in.
        new(Family, bold, false);

    public byte[]? GetFont(string faceName) => _face;
}

/// <summary>No font to set documents in: the machine lacks the package (or Documents:FontPath is wrong).</summary>
public sealed class FontsMissingException(string message) : Exception(message);
