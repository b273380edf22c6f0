using System.Security.Cryptography;

namespace Mediation.Media.Ice;

/// <summary>ICE username fragment and password (RFC 8445 §5.3): at least 24 bits and 128 bits of randomness.</summary>
public sealed record IceCredentials(string Ufrag, string Pwd)
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static IceCredentials Generate() => new(Random(8), Random(24));

    private static string Random(int length) => RandomNumberGenerator.GetString(IceChars, length);
}
