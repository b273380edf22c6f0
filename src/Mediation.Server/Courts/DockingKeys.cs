using Mediation.CourtDocking;
using Mediation.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Courts;

/// <summary>A key issued to a court: its id and, once only, its secret (base64), for the court's system to sign with.</summary>
public sealed record IssuedDockingKey(string KeyId, string Secret, DateTime CreatedAtUtc);

/// <summary>
/// The courts' docking keys: issued by a platform admin (the secret shown once and kept only protected by the key
/// ring), looked up by id to check a request, revoked when rotated out.
/// </summary>
public sealed class DockingKeys(MediationDbContext db, IDataProtectionProvider protection, TimeProvider time, ILogger<DockingKeys> logger)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Mediation.Courts.DockingKeys.v1");

    public async Task<IssuedDockingKey> IssueAsync(Guid courtId, string courtCode, string by, CancellationToken ct)
    {
        var secret = DockingSignature.NewSecret();
        var now = time.GetUtcNow().UtcDateTime;
        // The court's code and a random suffix: readable in a log, unguessable, unique.
        var keyId = $"{courtCode.ToLowerInvariant()}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}";
        db.CourtDockingKeys.Add(new CourtDockingKey(courtId, keyId, _protector.Protect(Convert.ToBase64String(secret)), by, now));
        await db.SaveChangesAsync(ct);
        return new IssuedDockingKey(keyId, Convert.ToBase64String(secret), now);
    }

    /// <summary>The court and the secret of a key in use; null for an unknown or revoked key.</summary>
    public async Task<(Guid CourtId, byte[] Secret)?> FindAsync(string keyId, CancellationToken ct)
    {
        var key = await db.CourtDockingKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyId == keyId && k.RevokedAtUtc == null, ct);
        if (key is null)
        {
            return null;
        }

        try
        {
            return (key.CourtId, Convert.FromBase64String(_protector.Unprotect(key.ProtectedSecret)));
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            // The key ring that protected it is gone (restored without its certificate?): the key cannot sign any more.
            logger.LogError(e, "Docking key {KeyId} cannot be read with this server's key ring; issue the court a new one", keyId);
            return null;
        }
    }
}
