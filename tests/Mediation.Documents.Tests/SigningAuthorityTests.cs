using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mediation.Documents.Signing;
using Mediation.Testing;

namespace Mediation.Documents.Tests;

public sealed class SigningAuthorityTests
{
    [Fact]
    public void The_root_is_stored_encrypted_and_comes_back_only_with_its_passphrase()
    {
        using var authority = SigningAuthority.Create("Mediation.Online 测试平台", SampleDocuments.Now);
        var (certificate, encryptedKey) = authority.Export("correct horse battery staple");

        using var back = SigningAuthority.Import(certificate, encryptedKey, "correct horse battery staple");
        Assert.Equal(authority.Certificate.Thumbprint, back.Certificate.Thumbprint);
        Assert.ThrowsAny<CryptographicException>(() => SigningAuthority.Import(certificate, encryptedKey, "wrong"));
        // The stored key is PKCS #8 EncryptedPrivateKeyInfo, not the key itself.
        Assert.Throws<CryptographicException>(() => ECDsa.Create().ImportPkcs8PrivateKey(encryptedKey, out _));

        using var other = SigningAuthority.Create("别的平台", SampleDocuments.Now);
        var (_, otherKey) = other.Export("p");
        Assert.Throws<CryptographicException>(() => SigningAuthority.Import(certificate, otherKey, "p"));
    }

    [Fact]
    public void A_signing_events_certificate_lives_minutes_names_the_signer_and_may_only_sign()
    {
        using var authority = SigningAuthority.Create("Mediation.Online 测试平台", SampleDocuments.Now.AddDays(-1));
        using var certificate = authority.IssueForSigning(SampleDocuments.Signer("张三", "申请人"), SampleDocuments.Now);

        Assert.True(certificate.HasPrivateKey);
        Assert.True(certificate.NotAfter - certificate.NotBefore <= TimeSpan.FromMinutes(11));
        Assert.Equal("张三", certificate.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Contains("3703**********1234", certificate.Subject, StringComparison.Ordinal);
        Assert.Contains("OU=申请人", certificate.Subject, StringComparison.Ordinal);
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, usage.KeyUsages);
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(authority.Certificate.SubjectName.Name, certificate.IssuerName.Name);

        // Each event its own key.
        using var next = authority.IssueForSigning(SampleDocuments.Signer("张三", "申请人"), SampleDocuments.Now);
        Assert.NotEqual(certificate.GetPublicKeyString(), next.GetPublicKeyString());
    }
}
