namespace Mediation.CourtDocking;

/// <summary>The headers every docking request carries (docs/court-docking.md, "Signing").</summary>
public static class DockingHeaders
{
    /// <summary>Which of the sender's keys signed: a court holds one or more (rotation), each with its id.</summary>
    public const string KeyId = "X-Docking-Key";

    /// <summary>When it was signed, in Unix seconds; outside <see cref="DockingSignature.Window"/> it is refused.</summary>
    public const string Timestamp = "X-Docking-Timestamp";

    /// <summary>A value never used before with this key: a request replayed within the window is refused.</summary>
    public const string Nonce = "X-Docking-Nonce";

    /// <summary>The message's own key: a retry carries the same one, and changes nothing the second time.</summary>
    public const string IdempotencyKey = "Idempotency-Key";

    /// <summary>Base64 of HMAC-SHA256 over <see cref="DockingSignature.CanonicalString"/>.</summary>
    public const string Signature = "X-Docking-Signature";
}
