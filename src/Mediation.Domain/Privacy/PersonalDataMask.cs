using System.Text.RegularExpressions;

namespace Mediation.Domain.Privacy;

/// <summary>
/// Masks the personal data that must never appear in full outside the case file: resident identity-card
/// numbers (GB 11643: 18 characters, the last one a digit or X; and the older 15-digit form) and mainland
/// mobile numbers (with or without +86 and separators). 个人信息保护法 art. 51 asks for de-identification
/// of personal data in processing; logs and half-trusted screens get the masked form.
/// </summary>
public static partial class PersonalDataMask
{
    /// <summary>Masks every identity-card and mobile number found anywhere in <paramref name="text"/>.</summary>
    public static string Mask(string text)
    {
        if (string.IsNullOrEmpty(text) || !ContainsDigitRun(text))
        {
            return text;
        }

        var masked = IdCard18().Replace(text, m => MaskIdNumber(m.Value));
        masked = IdCard15().Replace(masked, m => MaskIdNumber(m.Value));
        return Mobile().Replace(masked, m => m.Groups["prefix"].Value + m.Groups["head"].Value + "****" + m.Groups["tail"].Value);
    }

    /// <summary>138****5678.</summary>
    public static string MaskPhone(string phone) =>
        phone.Length == 11 ? string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(7)) : new string('*', phone.Length);

    /// <summary>370***********123X: the region's first three digits and the last four characters stay.</summary>
    public static string MaskIdNumber(string idNumber) =>
        idNumber.Length <= 7 ? new string('*', idNumber.Length)
            : string.Concat(idNumber.AsSpan(0, 3), new string('*', idNumber.Length - 7), idNumber.AsSpan(idNumber.Length - 4));

    /// <summary>张*, 欧阳**: a person's name shown to someone who has not yet proved who they are.</summary>
    public static string MaskPersonName(string name) =>
        name.Length <= 1 ? name : string.Concat(name.AsSpan(0, 1), new string('*', name.Length - 1));

    // Cheap pre-check for the hot logging path: every pattern holds a run of at least three digits.
    private static bool ContainsDigitRun(string text)
    {
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
                if (digits >= 3)
                {
                    return true;
                }
            }
            else
            {
                digits = 0;
            }
        }

        return false;
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdCard18();

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])")]
    private static partial Regex IdCard15();

    [GeneratedRegex(@"(?<![0-9A-Za-z])(?<prefix>(?:\+?86[- ]?)?)(?<head>1[3-9]\d)[- ]?\d{4}[- ]?(?<tail>\d{4})(?![0-9A-Za-z])")]
    private static partial Regex Mobile();
}
