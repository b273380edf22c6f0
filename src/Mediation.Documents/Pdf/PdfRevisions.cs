using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Mediation.Documents.Pdf;

/// <summary>One revision of a PDF: the objects its cross-reference section lists and where the revision ends.</summary>
/// <param name="XrefOffset">Where its cross-reference table starts.</param>
/// <param name="End">The offset just after its %%EOF and line end: what a signature covering it ends at.</param>
/// <param name="Objects">Object number → offset of the objects this revision wrote (in use, not free).</param>
/// <param name="Trailer">Its trailer.</param>
public sealed record PdfRevision(long XrefOffset, long End, IReadOnlyDictionary<int, long> Objects, PdfTrailer Trailer);

/// <summary>An indirect object's header and dictionary, as written in the file.</summary>
public sealed record PdfObject(int Number, int Generation, string Dictionary);

/// <summary>The trailer's entries an incremental update carries on (ISO 32000-1 §7.5.5, §7.5.6).</summary>
public sealed record PdfTrailer(int Size, string Root, string? Info, string? Id, long? Prev);

/// <summary>
/// A PDF read at the byte level, as an incremental update needs it (ISO 32000-1 §7.5.6): the chain of revisions
/// from the last <c>startxref</c> back through each trailer's /Prev, and each object's latest offset. Only classic
/// cross-reference tables are read — what PDFsharp writes and what our updates append; anything else is refused
/// with a reason, never guessed at.
/// </summary>
public sealed partial class PdfRevisions
{
    private readonly byte[] _pdf;

    private PdfRevisions(byte[] pdf, IReadOnlyList<PdfRevision> revisions)
    {
        _pdf = pdf;
        Revisions = revisions;
        var latest = new Dictionary<int, long>();
        foreach (var revision in revisions)
        {
            foreach (var (number, offset) in revision.Objects)
            {
                latest[number] = offset;
            }
        }

        Latest = latest;
    }

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<PdfRevision> Revisions { get; }

    /// <summary>Each object's offset in its newest revision.</summary>
    public IReadOnlyDictionary<int, long> Latest { get; }

    public PdfTrailer Trailer => Revisions[^1].Trailer;

    /// <summary>The revisions of <paramref name="pdf"/>, or why they cannot be read.</summary>
    public static PdfRevisions? TryRead(byte[] pdf, out string? error)
    {
        error = null;
        if (pdf.Length < 32 || !pdf.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
        {
            error = "not-pdf";
            return null;
        }

        var revisions = new List<PdfRevision>();
        var tail = Ascii(pdf, Math.Max(0, pdf.Length - 1024), Math.Min(1024, pdf.Length));
        var startxref = StartXref().Matches(tail);
        if (startxref.Count == 0)
        {
            error = "no-cross-reference";
            return null;
        }

        long? next = long.Parse(startxref[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        var seen = new HashSet<long>();
        while (next is { } offset)
        {
            if (offset < 0 || offset >= pdf.Length || !seen.Add(offset) || seen.Count > 1000)
            {
                error = "broken-cross-reference";
                return null;
            }

            var revision = ReadRevision(pdf, offset);
            if (revision is null)
            {
                error = "unsupported-cross-reference";
                return null;
            }

            revisions.Add(revision);
            next = revision.Trailer.Prev;
        }

        revisions.Reverse();
        return new PdfRevisions(pdf, revisions);
    }

    /// <summary>Object <paramref name="number"/> in its newest version, or null when there is none or it is not a
    /// dictionary.</summary>
    public PdfObject? Object(int number) => Latest.TryGetValue(number, out var offset) ? ObjectAt(offset) : null;

    /// <summary>The object at <paramref name="offset"/>: its number, generation and dictionary (the text from
    /// "&lt;&lt;" to its matching "&gt;&gt;"; a stream's data is not read).</summary>
    public PdfObject? ObjectAt(long offset) => ReadObject(_pdf, offset);

    /// <summary>The object at <paramref name="offset"/> of <paramref name="pdf"/>, read without its revisions.</summary>
    public static PdfObject? ReadObject(byte[] pdf, long offset)
    {
        if (offset < 0 || offset >= pdf.Length)
        {
            return null;
        }

        var text = Ascii(pdf, (int)offset, (int)Math.Min(40_000, pdf.Length - offset));
        var header = ObjectHeader().Match(text);
        if (!header.Success || header.Index != 0)
        {
            return null;
        }

        var start = header.Length;
        var end = DictionaryEnd(text, start);
        return end < 0
            ? null
            : new PdfObject(int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(header.Groups[2].Value, CultureInfo.InvariantCulture), text[start..end]);
    }

    /// <summary>The end (exclusive) of the dictionary that opens at or after <paramref name="from"/>: "&lt;&lt;" and
    /// "&gt;&gt;" counted, strings skipped.</summary>
    private static int DictionaryEnd(string text, int from)
    {
        var open = text.IndexOf("<<", from, StringComparison.Ordinal);
        if (open < 0 || text[from..open].Trim().Length > 0)
        {
            return -1;
        }

        var depth = 0;
        for (var i = open; i < text.Length - 1; i++)
        {
            switch (text[i])
            {
                case '(':
                    i = SkipLiteral(text, i);
                    break;
                case '<' when text[i + 1] == '<':
                    depth++;
                    i++;
                    break;
                case '>' when text[i + 1] == '>':
                    depth--;
                    i++;
                    if (depth == 0)
                    {
                        return i + 1;
                    }

                    break;
            }
        }

        return -1;
    }

    private static int SkipLiteral(string text, int at)
    {
        var depth = 0;
        for (var i = at; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\':
                    i++;
                    break;
                case '(':
                    depth++;
                    break;
                case ')' when --depth == 0:
                    return i;
            }
        }

        return text.Length;
    }

    private static PdfRevision? ReadRevision(byte[] pdf, long offset)
    {
        var text = Ascii(pdf, (int)offset, (int)Math.Min(pdf.Length - offset, 1 << 22));
        if (!text.StartsWith("xref", StringComparison.Ordinal))
        {
            return null; // a cross-reference stream (§7.5.8): not written by PDFsharp nor by us
        }

        var objects = new Dictionary<int, long>();
        var lines = new StringReader(text[4..]);
        string? line;
        while ((line = lines.ReadLine()) is not null)
        {
            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("trailer", StringComparison.Ordinal))
            {
                break;
            }

            var section = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (section.Length != 2 || !int.TryParse(section[0], CultureInfo.InvariantCulture, out var first) || !int.TryParse(section[1], CultureInfo.InvariantCulture, out var count) || count < 0 || first < 0)
            {
                return null;
            }

            for (var i = 0; i < count; i++)
            {
                var entry = lines.ReadLine()?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (entry is not { Length: 3 } || !long.TryParse(entry[0], CultureInfo.InvariantCulture, out var at))
                {
                    return null;
                }

                if (entry[2] == "n" && first + i != 0)
                {
                    objects[first + i] = at;
                }
            }
        }

        var trailerAt = text.IndexOf("trailer", StringComparison.Ordinal);
        var startxrefAt = trailerAt < 0 ? -1 : text.IndexOf("startxref", trailerAt, StringComparison.Ordinal);
        if (startxrefAt < 0)
        {
            return null;
        }

        var trailerText = text[(trailerAt + 7)..startxrefAt];
        var size = TrailerSize().Match(trailerText);
        var root = TrailerRoot().Match(trailerText);
        if (!size.Success || !root.Success)
        {
            return null;
        }

        var info = TrailerInfo().Match(trailerText);
        var id = TrailerId().Match(trailerText);
        var prev = TrailerPrev().Match(trailerText);
        var trailer = new PdfTrailer(int.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture), root.Groups[1].Value,
            info.Success ? info.Groups[1].Value : null, id.Success ? id.Value : null,
            prev.Success ? long.Parse(prev.Groups[1].Value, CultureInfo.InvariantCulture) : null);

        var eof = text.IndexOf("%%EOF", startxrefAt, StringComparison.Ordinal);
        if (eof < 0)
        {
            return null;
        }

        var end = eof + 5;
        if (end < text.Length && text[end] == '\r')
        {
            end++;
        }

        if (end < text.Length && text[end] == '\n')
        {
            end++;
        }

        return new PdfRevision(offset, offset + end, objects, trailer);
    }

    /// <summary>Bytes as Latin-1 text, one char a byte, so that offsets in the text are offsets in the file.</summary>
    internal static string Ascii(byte[] data, int offset, int length) => Encoding.Latin1.GetString(data, offset, length);

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"^(\d+)\s+(\d+)\s+obj\s*")]
    private static partial Regex ObjectHeader();

    [GeneratedRegex(@"/Size\s+(\d+)")]
    private static partial Regex TrailerSize();

    [GeneratedRegex(@"/Root\s+(\d+\s+\d+\s+R)")]
    private static partial Regex TrailerRoot();

    [GeneratedRegex(@"/Info\s+(\d+\s+\d+\s+R)")]
    private static partial Regex TrailerInfo();

    [GeneratedRegex(@"/ID\s*\[[^\]]*\]")]
    private static partial Regex TrailerId();

    [GeneratedRegex(@"/Prev\s+(\d+)")]
    private static partial Regex TrailerPrev();
}
