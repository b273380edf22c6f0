namespace Mediation.Media.Srtp;

/// <summary>The SRTP protection profiles we speak, numbered as DTLS-SRTP negotiates them (RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
public enum SrtpProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: every browser offers it.</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM: preferred, cheaper and stronger.</summary>
    AeadAes128Gcm = 0x0007,
}

public static class SrtpProfiles
{
    public const int KeyLength = 16;

    public static int SaltLength(this SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 12 : 14;

    /// <summary>Bytes a protected RTP packet grows by.</summary>
    public static int RtpOverhead(this SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 16 : 10;

    /// <summary>Bytes a protected RTCP packet grows by: tag plus the E-flag/SRTCP-index word.</summary>
    public static int RtcpOverhead(this SrtpProfile profile) => profile.RtpOverhead() + 4;

    /// <summary>Keying material to export from DTLS: client key, server key, client salt, server salt (RFC 5764 §4.2).</summary>
    public static int KeyingMaterialLength(this SrtpProfile profile) => 2 * (KeyLength + profile.SaltLength());
}

public enum SrtpError
{
    None,
    Malformed,
    TooLarge,
    AuthenticationFailed,
    Replayed,
    TooOld,

    /// <summary>Authentic, but from one SSRC more than a context keeps state for (<see cref="SrtpContext.MaxStreams"/>).</summary>
    TooManyStreams,
}
