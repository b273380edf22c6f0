using System.Text.RegularExpressions;

namespace Mediation.Domain.Cases;

/// <summary>Mainland China mobile numbers: eleven digits starting 13–19.</summary>
public static partial class PhoneNumber
{
    public static bool IsMobile(string? value) => value is not null && Mobile().IsMatch(value);

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex Mobile();
}
