using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mediation.Data;
using Mediation.Documents.Signing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Agreements;

/// <summary>Where the platform CA's root and the organizations' seal keys are kept, and under what.</summary>
public sealed class SigningOptions
{
    public const string Section = "Signing";

    /// <summary>The passphrase the root's and the seals' private keys are encrypted under (PKCS #8, PBKDF2). Never
    /// stored; rotating it means exporting the keys under the new one (README, "Signing keys").</summary>
    [Required, MinLength(16)]
    public string RootKeyPassphrase { get; set; } = "";

    /// <summary>Who the root certificate names.</summary>
    [Required, MaxLength(100)]
    public string AuthorityName { get; set; } = "Mediation.Online";

    /// <summary>An RFC 3161 time-stamping authority (http or https): when set, every signature carries its timestamp
    /// (PAdES B-T) and a signature is refused while the authority cannot be reached, rather than made without it.</summary>
    public Uri? TimestampAuthorityUrl { get; set; }

    /// <summary>How long a timestamp may take before the signature is refused.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan TimestampTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The long-lived keys: the platform root (made on first use), each organization's seal (issued by the root on the
/// organization's first seal). Both are decrypted once per process and kept in memory: PBKDF2 at 600,000 rounds
/// is meant to be slow. Signing events' keys never pass through here.
/// </summary>
public sealed class SigningKeyStore(IServiceScopeFactory scopes, IOptions<SigningOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<Guid, X509Certificate2> _seals = new();
    private SigningAuthority? _root;

    public async Task<SigningAuthority> RootAsync(CancellationToken ct)
    {
        if (_root is { } root)
        {
            return root;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_root is not null)
            {
                return _root;
            }

            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
            var active = db.SigningKeys.AsNoTracking().Where(k => k.Kind == SigningKeyKind.Root && k.RetiredAtUtc == null).OrderBy(k => k.CreatedAtUtc);
            var stored = await active.FirstOrDefaultAsync(ct);
            if (stored is null)
            {
                var created = SigningAuthority.Create(options.Value.AuthorityName, time.GetUtcNow());
                var (certificate, key) = created.Export(options.Value.RootKeyPassphrase);
                db.SigningKeys.Add(new SigningKey(SigningKeyKind.Root, null, certificate, key, time.GetUtcNow().UtcDateTime));
                try
                {
                    await db.SaveChangesAsync(ct);
                    return _root = created;
                }
                catch (DbUpdateException)
                {
                    // Another node made the first root a moment ago (the index keeps one active): use that one.
                    created.Dispose();
                    stored = await active.FirstAsync(ct);
                }
            }

            return _root = SigningAuthority.Import(stored.Certificate, stored.EncryptedKey, options.Value.RootKeyPassphrase);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Every root certificate the platform has had: a document signed before a rotation still verifies.</summary>
    public async Task<IReadOnlyList<X509Certificate2>> TrustedRootsAsync(CancellationToken ct)
    {
        await RootAsync(ct);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
        var certificates = await db.SigningKeys.AsNoTracking().Where(k => k.Kind == SigningKeyKind.Root).Select(k => k.Certificate).ToListAsync(ct);
        return certificates.Select(X509CertificateLoader.LoadCertificate).ToList();
    }

    /// <summary>The organization's seal certificate with its key, issued by the root on first use.</summary>
    public async Task<X509Certificate2> SealAsync(Guid organizationId, string organizationName, CancellationToken ct)
    {
        if (_seals.TryGetValue(organizationId, out var cached))
        {
            return cached;
        }

        var root = await RootAsync(ct);
        await _gate.WaitAsync(ct);
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
            var active = db.SigningKeys.AsNoTracking().Where(k => k.Kind == SigningKeyKind.Seal && k.OrganizationId == organizationId && k.RetiredAtUtc == null)
                .OrderBy(k => k.CreatedAtUtc);
            var stored = await active.FirstOrDefaultAsync(ct);
            if (stored is null)
            {
                using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var made = root.IssueSeal(new SignerIdentity(organizationName, "调解组织", null, null, organizationName), time.GetUtcNow(), key);
                db.SigningKeys.Add(new SigningKey(SigningKeyKind.Seal, organizationId, made.RawData, SigningAuthority.EncryptKey(key, options.Value.RootKeyPassphrase),
                    time.GetUtcNow().UtcDateTime));
                try
                {
                    await db.SaveChangesAsync(ct);
                    return _seals.GetOrAdd(organizationId, made);
                }
                catch (DbUpdateException)
                {
                    // Another node issued the organization's first seal a moment ago: use that one.
                    made.Dispose();
                    stored = await active.FirstAsync(ct);
                }
            }

            using var storedKey = SigningAuthority.DecryptKey(stored.EncryptedKey, options.Value.RootKeyPassphrase);
            using var certificate = X509CertificateLoader.LoadCertificate(stored.Certificate);
            return _seals.GetOrAdd(organizationId, certificate.CopyWithPrivateKey(storedKey));
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _root?.Dispose();
        foreach (var seal in _seals.Values)
        {
            seal.Dispose();
        }

        _gate.Dispose();
    }
}
