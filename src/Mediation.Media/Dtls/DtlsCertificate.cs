using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace Mediation.Media.Dtls;

/// <summary>
/// The self-signed ECDSA P-256 certificate a DTLS endpoint presents (RFC 8827 §6.5: WebRTC authenticates it by
/// the fingerprint in the SDP, not by a CA). Made by .NET, handed to BouncyCastle as DER and PKCS#8.
/// </summary>
public sealed class DtlsCertificate
{
    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        Der = der;
        PrivateKey = privateKey;
        Fingerprint = FingerprintOf(der);
    }

    public byte[] Der { get; }
    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>SHA-256 of the DER in upper-case colon-separated hex, as <c>a=fingerprint:sha-256 …</c> carries it (RFC 8122 §5).</summary>
    public string Fingerprint { get; }

    public static DtlsCertificate Generate(string commonName = "Mediation.Online")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return new DtlsCertificate(certificate.RawData, PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey()));
    }

    public static string FingerprintOf(ReadOnlySpan<byte> der) => Convert.ToHexString(SHA256.HashData(der)).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + ":" + b);

    /// <summary>Compares a fingerprint from SDP (any case) with a certificate's.</summary>
    public static bool Matches(string expected, ReadOnlySpan<byte> der) =>
        string.Equals(expected.Trim(), FingerprintOf(der), StringComparison.OrdinalIgnoreCase);
}
