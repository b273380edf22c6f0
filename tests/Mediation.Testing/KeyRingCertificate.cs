using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mediation.Testing;

/// <summary>A key-ring encryption certificate (DataProtection:CertificatePath) that several server processes share, as
/// the nodes of one deployment do.</summary>
public static class KeyRingCertificate
{
    /// <summary>Writes a fresh RSA certificate with its key as a .pfx file in <paramref name="directory"/>; returns its path.</summary>
    public static string WriteTo(TemporaryDirectory directory)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Mediation.Online test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(directory.Path, "key-ring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12));
        return path;
    }
}
