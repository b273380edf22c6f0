namespace Mediation.Domain.Cases;

/// <summary>Check digits of the two identifiers parties give: the resident identity card number (GB 11643,
/// ISO 7064 MOD 11-2) and the unified social credit code (GB 32100, MOD 31).</summary>
public static class IdentityNumber
{
    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string IdCheck = "10X98765432";
    private const string CreditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] CreditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static bool IsValid(string value, PartyKind kind) => kind == PartyKind.NaturalPerson ? IsResidentId(value) : IsCreditCode(value);

    public static bool IsResidentId(string value)
    {
        value = value.Trim().ToUpperInvariant();
        if (value.Length != 18 || !value[..17].All(char.IsAsciiDigit))
        {
            return false;
        }

        if (!DateOnly.TryParseExact(value.Substring(6, 8), "yyyyMMdd", out _))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (value[i] - '0') * IdWeights[i];
        }

        return IdCheck[sum % 11] == value[17];
    }

    /// <summary>The birth date (digits 7–14) and gender (digit 17: odd male, even female) a valid resident
    /// identity card number encodes (GB 11643 §5).</summary>
    public static bool TryReadResidentCard(string value, out DateOnly birthDate, out Gender gender)
    {
        (birthDate, gender) = (default, default);
        if (!IsResidentId(value))
        {
            return false;
        }

        value = value.Trim();
        birthDate = DateOnly.ParseExact(value.Substring(6, 8), "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        gender = (value[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female;
        return true;
    }

    public static bool IsCreditCode(string value)
    {
        value = value.Trim().ToUpperInvariant();
        if (value.Length != 18 || value.Any(c => CreditChars.IndexOf(c, StringComparison.Ordinal) < 0))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += CreditChars.IndexOf(value[i], StringComparison.Ordinal) * CreditWeights[i];
        }

        var check = (31 - (sum % 31)) % 31;
        return CreditChars[check] == value[17];
    }
}
