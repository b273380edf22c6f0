using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Mediation.Documents.Verification;

namespace Mediation.Documents.Signing;

/// <summary>
/// The CMS of a PAdES baseline B-B signature (ETSI EN 319 142-1 §6.3, RFC 5652): SignedData over the document's
/// byte ranges, detached, SHA-256, with content-type, message-digest and ESS signing-certificate-v2 as signed
/// attributes — and no signing-time, which PAdES puts in the signature dictionary's /M instead; with a time-stamping
/// authority, the signature timestamp that makes it B-T.
/// </summary>
public static class CadesSignature
{
    /// <summary>id-aa-signingCertificateV2 (RFC 5035 §3).</summary>
    public const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";

    /// <summary>id-aa-signatureTimeStampToken (RFC 3161 appendix A).</summary>
    public const string SignatureTimeStampOid = "1.2.840.113549.1.9.16.2.14";

    public static byte[] Create(ReadOnlySpan<byte> signedBytes, X509Certificate2 signer, IEnumerable<X509Certificate2> chain)
    {
        var cms = new SignedCms(new ContentInfo(signedBytes.ToArray()), detached: true);
        var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), // SHA-256
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        foreach (var certificate in chain)
        {
            cmsSigner.Certificates.Add(certificate);
        }

        cmsSigner.SignedAttributes.Add(new AsnEncodedData(SigningCertificateV2Oid, SigningCertificateV2(signer)));
        cms.ComputeSignature(cmsSigner, silent: true);
        return cms.Encode();
    }

    /// <summary>
    /// Makes a B-B signature B-T (ETSI EN 319 142-1 §6.3): asks <paramref name="authority"/> to time-stamp the
    /// signature value (RFC 3161, the imprint a SHA-256 of the SignerInfo's signature, with a nonce and the TSA's
    /// certificate requested) and adds the token as the unsigned signature-time-stamp attribute (RFC 3161 appendix A).
    /// The signed bytes do not change, so the signature stays what it was.
    /// </summary>
    public static async Task<byte[]> WithTimestampAsync(byte[] cms, ITimestampAuthority authority, CancellationToken ct)
    {
        var signed = new SignedCms();
        signed.Decode(cms);
        var signer = signed.SignerInfos[0];
        var request = Rfc3161TimestampRequest.CreateFromSignerInfo(signer, HashAlgorithmName.SHA256, nonce: RandomNumberGenerator.GetBytes(8),
            requestSignerCertificates: true);
        Rfc3161TimestampToken token;
        try
        {
            var reply = await authority.RequestAsync(request.Encode(), ct);
            token = request.ProcessResponse(reply, out _);
        }
        catch (Exception e) when (e is CryptographicException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new TimestampUnavailableException("No signature timestamp could be had.", e);
        }

        signer.AddUnsignedAttribute(new AsnEncodedData(SignatureTimeStampOid, token.AsSignedCms().Encode()));
        return signed.Encode();
    }

    /// <summary>The signature timestamp of <paramref name="signer"/> and whether it is over this signature's value;
    /// null when it has none (B-B).</summary>
    internal static SignatureTimestamp? TimestampOf(SignerInfo signer)
    {
        var attribute = signer.UnsignedAttributes.Cast<CryptographicAttributeObject>().FirstOrDefault(a => a.Oid.Value == SignatureTimeStampOid);
        if (attribute is null || attribute.Values.Count == 0)
        {
            return null;
        }

        if (!Rfc3161TimestampToken.TryDecode(attribute.Values[0].RawData, out var token, out _))
        {
            return new SignatureTimestamp(null, null, false);
        }

        var valid = token.VerifySignatureForSignerInfo(signer, out var authority);
        using (authority)
        {
            return new SignatureTimestamp(token.TokenInfo.Timestamp, authority?.GetNameInfo(X509NameType.SimpleName, false), valid);
        }
    }

    /// <summary>
    /// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, one ESSCertIDv2 naming the signer's
    /// certificate by its SHA-256 hash (the default algorithm, so left out as DER asks) and by issuer and serial.
    /// </summary>
    internal static byte[] SigningCertificateV2(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteOctetString(SHA256.HashData(certificate.RawData));
            using (writer.PushSequence()) // IssuerSerial
            {
                using (writer.PushSequence()) // GeneralNames
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true))) // directoryName [4] EXPLICIT
                {
                    writer.WriteEncodedValue(certificate.IssuerName.RawData);
                }

                writer.WriteInteger(certificate.SerialNumberBytes.Span);
            }
        }

        return writer.Encode();
    }

    /// <summary>Whether the signed attribute names <paramref name="certificate"/> (checked by the verifier).</summary>
    internal static bool NamesCertificate(ReadOnlyMemory<byte> attribute, X509Certificate2 certificate)
    {
        try
        {
            var reader = new AsnReader(attribute, AsnEncodingRules.DER);
            var certs = reader.ReadSequence().ReadSequence();
            var first = certs.ReadSequence();
            if (first.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                // An explicit hash algorithm: only SHA-256 is accepted here.
                var algorithm = first.ReadSequence().ReadObjectIdentifier();
                if (algorithm != "2.16.840.1.101.3.4.2.1")
                {
                    return false;
                }
            }

            return first.ReadOctetString().AsSpan().SequenceEqual(SHA256.HashData(certificate.RawData));
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
