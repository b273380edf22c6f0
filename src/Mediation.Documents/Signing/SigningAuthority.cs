using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mediation.Documents.Signing;

/// <summary>
/// The platform's certification authority: a root that issues each signing event a certificate of minutes, and each
/// organization's seal a certificate of years. Its key is kept encrypted (PKCS #8, AES-256, PBKDF2 with the
/// passphrase from configuration); rotating means a new root whose certificate verifiers add beside the old one —
/// documents signed under the old root keep verifying against it.
/// </summary>
public sealed class SigningAuthority : IDisposable
{
    // The PBKDF2 work factor OWASP recommends for SHA-256 (2023).
    private static readonly PbeParameters KeyProtection = new(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 600_000);

    private readonly ECDsa _key;
    private readonly Lock _gate = new();

    private SigningAuthority(X509Certificate2 certificate, ECDsa key) => (Certificate, _key) = (certificate, key);

    /// <summary>The root certificate (no private key): what verifiers trust.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A new root for <paramref name="name"/> (the platform operator), valid for twenty years.</summary>
    public static SigningAuthority Create(string name, DateTimeOffset now)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest(DistinguishedName(name + " 电子签名根证书", name, null), key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var withKey = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(20));
        return new SigningAuthority(X509CertificateLoader.LoadCertificate(withKey.RawData), key);
    }

    /// <summary>The root as stored: its certificate and its key encrypted under <paramref name="passphrase"/>.</summary>
    public (byte[] Certificate, byte[] EncryptedKey) Export(string passphrase) =>
        (Certificate.RawData, EncryptKey(_key, passphrase));

    /// <summary>A long-lived key (the root's, a seal's) as stored: PKCS #8 encrypted under <paramref name="passphrase"/>.</summary>
    public static byte[] EncryptKey(ECDsa key, string passphrase) => key.ExportEncryptedPkcs8PrivateKey(passphrase, KeyProtection);

    /// <summary>A stored key back; a wrong passphrase throws.</summary>
    public static ECDsa DecryptKey(byte[] encryptedKey, string passphrase)
    {
        var key = ECDsa.Create();
        key.ImportEncryptedPkcs8PrivateKey(passphrase, encryptedKey, out _);
        return key;
    }

    /// <summary>The stored root back; a wrong passphrase or a key that is not the certificate's is refused.</summary>
    public static SigningAuthority Import(byte[] certificate, byte[] encryptedKey, string passphrase)
    {
        var cert = X509CertificateLoader.LoadCertificate(certificate);
        var key = DecryptKey(encryptedKey, passphrase);
        using var publicKey = cert.GetECDsaPublicKey() ?? throw new CryptographicException("The root certificate has no ECDSA key.");
        if (!publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            key.Dispose();
            throw new CryptographicException("The stored key is not the root certificate's.");
        }

        return new SigningAuthority(cert, key);
    }

    /// <summary>
    /// A certificate for one signing event, over a key made for it alone: valid from a minute before to ten minutes
    /// after <paramref name="now"/>, for digital signatures and non-repudiation (RFC 5280 §4.2.1.3). The caller
    /// disposes the returned certificate, which destroys the key: it was never exported and never written anywhere.
    /// </summary>
    public X509Certificate2 IssueForSigning(SignerIdentity signer, DateTimeOffset now) =>
        Issue(signer, now.AddMinutes(-1), now.AddMinutes(10), ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>An organization's seal certificate, valid for three years; its key is the seal's, kept like the root's.</summary>
    public X509Certificate2 IssueSeal(SignerIdentity organization, DateTimeOffset now, ECDsa sealKey) => Issue(organization, now.AddMinutes(-5), now.AddYears(3), sealKey);

    private X509Certificate2 Issue(SignerIdentity subject, DateTimeOffset from, DateTimeOffset until, ECDsa key)
    {
        var request = new CertificateRequest(DistinguishedName(subject.Name, subject.Organization, subject), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER (RFC 5280 §4.1.2.2)
        if (until > Certificate.NotAfter)
        {
            until = Certificate.NotAfter;
        }

        // One issuance at a time: the root's key object is not documented as safe to sign with from two threads.
        lock (_gate)
        {
            using var issued = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), from, until, serial);
            return issued.CopyWithPrivateKey(key);
        }
    }

    private static X500DistinguishedName DistinguishedName(string commonName, string? organization, SignerIdentity? signer)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCountryOrRegion("CN");
        if (organization is { Length: > 0 })
        {
            name.AddOrganizationName(organization);
        }

        if (signer is not null)
        {
            // The role and the case the certificate was made for, and the masked ID number: who signed, without
            // publishing a full identity number in every copy of the document.
            name.AddOrganizationalUnitName(signer.Role);
            if (signer.Reference is { Length: > 0 })
            {
                name.Add("2.5.4.5", signer.Reference); // serialNumber
            }

            if (signer.CaseNumber is { Length: > 0 })
            {
                name.Add("2.5.4.13", signer.CaseNumber); // description
            }
        }

        name.AddCommonName(commonName);
        return name.Build();
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }
}

/// <summary>Who a certificate names.</summary>
/// <param name="Name">The person's or organization's name.</param>
/// <param name="Role">Their part in the document (申请人, 被申请人, 调解员, 调解组织).</param>
/// <param name="Reference">The masked ID number, or an organization's credit code.</param>
/// <param name="CaseNumber">The case the signature belongs to.</param>
/// <param name="Organization">The mediation organization.</param>
public sealed record SignerIdentity(string Name, string Role, string? Reference, string? CaseNumber, string? Organization);
