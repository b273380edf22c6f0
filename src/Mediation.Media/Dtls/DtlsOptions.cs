namespace Mediation.Media.Dtls;

public sealed record DtlsOptions
{
    /// <summary>A handshake not finished by then fails and its transport is closed.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>RFC 7627. Every current browser supports it; switchable for older peers.</summary>
    public bool RequireExtendedMasterSecret { get; init; } = true;
}
