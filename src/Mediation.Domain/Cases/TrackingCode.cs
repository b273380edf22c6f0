using System.Security.Cryptography;
using System.Text;

namespace Mediation.Domain.Cases;

/// <summary>The number an online applicant checks progress with: 12 characters an applicant can read out and type
/// (no 0/O or 1/I), 60 bits of randomness. Checking also needs the applicant's phone.</summary>
public static class TrackingCode
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, 12);

    public static string Normalize(string code) => new(code.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());

    public static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(Normalize(code))));
}
