using System.Globalization;
using System.Text.RegularExpressions;

namespace Mediation.Domain.Cases;

/// <summary>Case numbers per organization and year, in the form of Chinese legal documents: 劳调〔2026〕第0001号.</summary>
public static partial class CaseNumber
{
    public static string Format(string prefix, int year, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}〔{year}〕第{sequence:D4}号");

    public static bool TryParse(string number, out string prefix, out int year, out int sequence)
    {
        var m = Pattern().Match(number);
        (prefix, year, sequence) = m.Success
            ? (m.Groups["prefix"].Value, int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["seq"].Value, CultureInfo.InvariantCulture))
            : ("", 0, 0);
        return m.Success;
    }

    [GeneratedRegex(@"^(?<prefix>\p{IsCJKUnifiedIdeographs}{1,6})〔(?<year>\d{4})〕第(?<seq>\d{4,6})号$")]
    private static partial Regex Pattern();
}
