namespace Mediation.Data;

/// <summary>
/// A court's key for the docking (docs/court-docking.md): the shared HMAC secret its requests are signed with, kept
/// protected by the data-protection key ring (the secret must be read to check a signature, so it cannot be
/// hashed), under an id the court sends with each request. A court holds several while it rotates; a revoked key
/// signs nothing any more.
/// </summary>
public sealed class CourtDockingKey
{
    private CourtDockingKey() { }

    public CourtDockingKey(Guid courtId, string keyId, string protectedSecret, string createdBy, DateTime createdAtUtc)
    {
        Id = Guid.NewGuid();
        CourtId = courtId;
        KeyId = keyId;
        ProtectedSecret = protectedSecret;
        CreatedBy = createdBy;
        CreatedAtUtc = createdAtUtc;
    }

    public Guid Id { get; private set; }
    public Guid CourtId { get; private set; }
    public string KeyId { get; private set; } = "";
    public string ProtectedSecret { get; private set; } = "";
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime? RevokedAtUtc { get; private set; }

    public void Revoke(DateTime nowUtc) => RevokedAtUtc ??= nowUtc;
}

/// <summary>A nonce seen on a signed docking request: the same one again with the same key is a replay. Kept for
/// the signature window, then purged.</summary>
public sealed class DockingNonce
{
    private DockingNonce() { }

    public DockingNonce(string keyId, string nonce, DateTime seenAtUtc) => (KeyId, Nonce, SeenAtUtc) = (keyId, nonce, seenAtUtc);

    public string KeyId { get; private set; } = "";
    public string Nonce { get; private set; } = "";
    public DateTime SeenAtUtc { get; private set; }
}
