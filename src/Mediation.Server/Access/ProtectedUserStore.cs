using System.Security.Cryptography;
using Mediation.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace Mediation.Server.Access;

/// <summary>
/// The staff account store, with every user token — the authenticator secret, the recovery codes, the last code step
/// used — encrypted with the data-protection key ring before it reaches the database. The ring itself is encrypted
/// with a certificate kept outside the database (<see cref="Hosting.KeyProtection"/>), so a copy of the database alone
/// yields neither second factors nor cookies.
/// </summary>
public sealed class ProtectedUserStore(MediationDbContext db, IDataProtectionProvider protection, ILogger<ProtectedUserStore> logger, IdentityErrorDescriber? describer = null)
    : UserStore<StaffUser, IdentityRole, MediationDbContext>(db, describer)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Mediation.Identity.UserTokens");

    public override Task SetTokenAsync(StaffUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken) =>
        base.SetTokenAsync(user, loginProvider, name, value is null ? null : _protector.Protect(value), cancellationToken);

    public override async Task<string?> GetTokenAsync(StaffUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        var stored = await base.GetTokenAsync(user, loginProvider, name, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            // Written before tokens were encrypted, or under a key ring that is gone: the holder enrols again.
            logger.LogWarning("A stored {TokenName} of account {UserId} cannot be read and counts as absent", name, user.Id);
            return null;
        }
    }
}
