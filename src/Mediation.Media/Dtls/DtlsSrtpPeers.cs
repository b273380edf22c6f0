using Mediation.Media.Srtp;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcCertificateRequest = Org.BouncyCastle.Tls.CertificateRequest;
using BcHashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;

namespace Mediation.Media.Dtls;

/// <summary>What both DTLS-SRTP roles share: DTLS 1.2 only, ECDHE-ECDSA suites (GCM first), our certificate,
/// the peer's fingerprint check, and the SRTP profiles in our order of preference.</summary>
internal static class DtlsSrtpPolicy
{
    /// <summary>AEAD-GCM first (cheaper per packet, RFC 7714), AES-CM-HMAC-SHA1-80 for everyone else.</summary>
    public static readonly int[] Profiles = [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80];

    public static readonly int[] CipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    ];

    public static TlsCredentialedSigner Signer(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate) =>
        new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.PrivateKey,
            new Certificate([crypto.CreateCertificate(certificate.Der)]),
            new SignatureAndHashAlgorithm(BcHashAlgorithm.sha256, SignatureAlgorithm.ecdsa));

    /// <summary>RFC 8827 §6.5: the peer's certificate must hash to the fingerprint it announced in its SDP.</summary>
    public static void VerifyPeer(Certificate? peer, string expectedFingerprint)
    {
        if (peer is null || peer.IsEmpty || !DtlsCertificate.Matches(expectedFingerprint, peer.GetCertificateAt(0).GetEncoded()))
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "The peer's certificate does not match its SDP fingerprint.");
        }
    }

    public static SrtpProfile ToProfile(int profile) => profile switch
    {
        SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM => SrtpProfile.AeadAes128Gcm,
        SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80 => SrtpProfile.Aes128CmHmacSha1_80,
        _ => throw new TlsFatalAlert(AlertDescription.illegal_parameter, $"SRTP profile {profile} is not ours."),
    };

    public static DtlsSrtpKeys Export(TlsContext context, SrtpProfile profile) =>
        DtlsSrtpKeys.Split(profile, context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.KeyingMaterialLength()));
}

/// <summary>The DTLS server: the role we always take towards browsers (<c>a=setup:passive</c>).</summary>
internal sealed class DtlsSrtpServer(BcTlsCrypto crypto, DtlsCertificate certificate, string peerFingerprint, DtlsOptions options)
    : DefaultTlsServer(crypto)
{
    private SrtpProfile? _profile;

    public DtlsSrtpKeys? Keys { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, DtlsSrtpPolicy.CipherSuites);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => DtlsSrtpPolicy.Signer(m_context, (BcTlsCrypto)Crypto, certificate);

    public override bool RequiresExtendedMasterSecret() => options.RequireExtendedMasterSecret;

    public override int GetHandshakeTimeoutMillis() => (int)options.HandshakeTimeout.TotalMilliseconds;

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "The client offered no use_srtp.");
        var chosen = DtlsSrtpPolicy.Profiles.FirstOrDefault(p => offered.ProtectionProfiles.Contains(p));
        _profile = chosen == 0
            ? throw new TlsFatalAlert(AlertDescription.handshake_failure, "No SRTP profile in common.")
            : DtlsSrtpPolicy.ToProfile(chosen);
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions();
        // RFC 8827: no MKI.
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)_profile!.Value], TlsUtilities.EmptyBytes));
        return extensions;
    }

    /// <summary>Ask for the browser's certificate. Chrome has refused handshakes whose request lacked ecdsa_sign.</summary>
    public override BcCertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
            [new SignatureAndHashAlgorithm(BcHashAlgorithm.sha256, SignatureAlgorithm.ecdsa), new SignatureAndHashAlgorithm(BcHashAlgorithm.sha256, SignatureAlgorithm.rsa)],
            null);

    public override void NotifyClientCertificate(Certificate clientCertificate) => DtlsSrtpPolicy.VerifyPeer(clientCertificate, peerFingerprint);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Keys = DtlsSrtpPolicy.Export(m_context, _profile!.Value);
    }
}

/// <summary>The DTLS client: our synthetic participant's role, and the other half of our own tests.</summary>
internal sealed class DtlsSrtpClient(BcTlsCrypto crypto, DtlsCertificate certificate, string peerFingerprint, DtlsOptions options)
    : DefaultTlsClient(crypto)
{
    private SrtpProfile? _profile;

    public DtlsSrtpKeys? Keys { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, DtlsSrtpPolicy.CipherSuites);

    public override int GetHandshakeTimeoutMillis() => (int)options.HandshakeTimeout.TotalMilliseconds;

    public override bool RequiresExtendedMasterSecret() => options.RequireExtendedMasterSecret;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(DtlsSrtpPolicy.Profiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var chosen = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "The server chose no SRTP profile.");
        if (chosen.ProtectionProfiles.Length != 1 || !DtlsSrtpPolicy.Profiles.Contains(chosen.ProtectionProfiles[0]))
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "The server chose an SRTP profile we did not offer.");
        }

        _profile = DtlsSrtpPolicy.ToProfile(chosen.ProtectionProfiles[0]);
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this, certificate, peerFingerprint);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Keys = DtlsSrtpPolicy.Export(m_context, _profile!.Value);
    }

    private sealed class Authentication(DtlsSrtpClient client, DtlsCertificate certificate, string peerFingerprint) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            DtlsSrtpPolicy.VerifyPeer(serverCertificate.Certificate, peerFingerprint);

        public TlsCredentials GetClientCredentials(BcCertificateRequest certificateRequest) =>
            DtlsSrtpPolicy.Signer(client.m_context, (BcTlsCrypto)client.Crypto, certificate);
    }
}
