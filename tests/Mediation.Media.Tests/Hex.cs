namespace Mediation.Media.Tests;

internal static class Hex
{
    /// <summary>Bytes from an RFC's hex listing: whitespace ignored.</summary>
    public static byte[] Bytes(string text) => Convert.FromHexString(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));
}
