using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mediation.CourtDocking;

/// <summary>The parts of a request that its signature covers.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="PathAndQuery">The path and query as sent (no host: a proxy in front does not change it).</param>
/// <param name="Timestamp">Unix seconds at signing.</param>
/// <param name="Nonce">The sender's one-time value (16 to 64 characters).</param>
/// <param name="IdempotencyKey">The message's key (1 to 128 characters).</param>
/// <param name="Body">The body's bytes exactly as sent (empty for a GET).</param>
public sealed record DockingRequestParts(string Method, string PathAndQuery, long Timestamp, string Nonce, string IdempotencyKey, ReadOnlyMemory<byte> Body);

/// <summary>Why a signed request was refused; <see cref="Valid"/> when it was not.</summary>
public enum DockingCheck
{
    Valid,
    /// <summary>A header is missing or malformed.</summary>
    Unsigned,
    /// <summary>The key id is not one the receiver holds (or it was revoked).</summary>
    UnknownKey,
    /// <summary>Signed too long ago, or in the future, beyond the window.</summary>
    Stale,
    /// <summary>The signature is not the key's over these bytes.</summary>
    BadSignature,
    /// <summary>The nonce was seen before with this key.</summary>
    Replayed,
}

/// <summary>
/// HMAC-SHA256 request signing for the docking (docs/court-docking.md): the signature covers the method, the path
/// and query, the timestamp, the nonce, the idempotency key and the SHA-256 of the body, each on its own line after a
/// fixed label, so no part can be moved into another. A receiver checks the window and the signature here, and the
/// nonce against what it has seen.
/// </summary>
public static class DockingSignature
{
    /// <summary>The first line of the string signed: the scheme and its version.</summary>
    public const string Scheme = "MEDIATION-DOCKING-HMAC-SHA256-V1";

    /// <summary>How far a request's timestamp may be from the receiver's clock, either way.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public const int MinNonceLength = 16;
    public const int MaxNonceLength = 64;
    public const int MaxIdempotencyKeyLength = 128;

    public static string CanonicalString(DockingRequestParts parts) => string.Join('\n',
        Scheme,
        parts.Method.ToUpperInvariant(),
        parts.PathAndQuery,
        parts.Timestamp.ToString(CultureInfo.InvariantCulture),
        parts.Nonce,
        parts.IdempotencyKey,
        Convert.ToHexStringLower(SHA256.HashData(parts.Body.Span)));

    public static string Compute(ReadOnlySpan<byte> secret, DockingRequestParts parts) =>
        Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(CanonicalString(parts))));

    /// <summary>A fresh nonce: 128 random bits, hex.</summary>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A new shared key for a court: 256 random bits.</summary>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(32);

    /// <summary>Whether the headers are well formed (lengths, characters) before anything else is looked at.</summary>
    public static bool WellFormed(string? keyId, string? timestamp, string? nonce, string? idempotencyKey, string? signature, out long unixSeconds)
    {
        unixSeconds = 0;
        return IsKeyId(keyId)
            && long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out unixSeconds)
            && nonce is { Length: >= MinNonceLength and <= MaxNonceLength } && nonce.All(char.IsAsciiLetterOrDigit)
            && idempotencyKey is { Length: > 0 and <= MaxIdempotencyKeyLength } && idempotencyKey.All(c => c is > ' ' and < (char)127)
            && signature is { Length: > 0 and <= 128 };
    }

    /// <summary>A key id: 1 to 64 ASCII letters, digits and hyphens (so it can be logged as it is).</summary>
    public static bool IsKeyId(string? keyId) => keyId is { Length: > 0 and <= 64 } && keyId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>The window and the signature (compared in constant time); the nonce is the receiver's to check.</summary>
    public static DockingCheck Check(ReadOnlySpan<byte> secret, DockingRequestParts parts, string signature, DateTimeOffset now)
    {
        if (Math.Abs(now.ToUnixTimeSeconds() - parts.Timestamp) > Window.TotalSeconds)
        {
            return DockingCheck.Stale;
        }

        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signature, given, out var length) || length != HMACSHA256.HashSizeInBytes)
        {
            return DockingCheck.BadSignature;
        }

        var expected = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(CanonicalString(parts)));
        return CryptographicOperations.FixedTimeEquals(expected, given[..length]) ? DockingCheck.Valid : DockingCheck.BadSignature;
    }
}
