namespace Mediation.Documents.Layout;

/// <summary>
/// Breaks a paragraph into lines that fit a width. Chinese text may break between any two characters (UAX #14 class
/// ID), except that closing punctuation never starts a line and opening punctuation never ends one (GB/T 15834's
/// rules, 避头尾); Latin words and numbers stay whole unless a word alone is wider than the line.
/// </summary>
public static class LineBreaker
{
    private const string NoLineStart = "，。、；：！？）》」』】〕”’%,.;:!?)]}…·-";
    private const string NoLineEnd = "（《「『【〔“‘([{";

    /// <summary>The lines of <paramref name="text"/>; the first line of each paragraph (a line break in the text
    /// starts one) is <paramref name="firstWidth"/> wide, the others <paramref name="width"/>.</summary>
    public static IReadOnlyList<string> Break(string text, double firstWidth, double width, Func<string, double> measure)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            BreakParagraph(paragraph, firstWidth, width, measure, lines);
        }

        return lines;
    }

    private static void BreakParagraph(string text, double firstWidth, double width, Func<string, double> measure, List<string> lines)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = Fit(text, start, start == 0 ? firstWidth : width, measure);
            if (end < text.Length)
            {
                end = Adjust(text, start, end);
            }

            lines.Add(text[start..end].TrimEnd());
            start = end;
            while (start < text.Length && text[start] == ' ')
            {
                start++;
            }
        }

        if (text.Length == 0)
        {
            lines.Add(string.Empty);
        }
    }

    /// <summary>The end of the longest run from <paramref name="start"/> that fits (at least one character).</summary>
    private static int Fit(string text, int start, double width, Func<string, double> measure)
    {
        int low = start + 1, high = text.Length;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (measure(text[start..mid]) <= width)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }

    /// <summary>Moves a break that would split a word or a punctuation rule back to where a line may end.</summary>
    private static int Adjust(string text, int start, int end)
    {
        for (var at = end; at > start + 1; at--)
        {
            if (MayBreakBefore(text, at))
            {
                return at;
            }
        }

        return end;
    }

    private static bool MayBreakBefore(string text, int at)
    {
        char before = text[at - 1], after = text[at];
        if (NoLineStart.Contains(after, StringComparison.Ordinal) || NoLineEnd.Contains(before, StringComparison.Ordinal))
        {
            return false;
        }

        return before == ' ' || IsWide(before) || IsWide(after);
    }

    private static bool IsWide(char c) => c >= '\u2E80';
}
