using System.ComponentModel.DataAnnotations;

namespace Mediation.Media.Transport;

/// <summary><c>Media:*</c>: the one UDP port every WebRTC transport shares (and the ICE-TCP listener on the same
/// number), and their limits.</summary>
public sealed class MediaOptions : IValidatableObject
{
    public const string Section = "Media";

    /// <summary>Address the UDP socket binds. 127.0.0.1 in Development; 0.0.0.0 (all interfaces) elsewhere.</summary>
    [Required]
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>The media port; 0 picks a free one (tests).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5090;

    /// <summary>Addresses put into ICE candidates (a public or NAT address). Empty: the listen address, or every
    /// interface address when listening on all.</summary>
    public string[] AnnouncedAddresses { get; set; } = [];

    /// <summary>Announce the UDP candidate. Turning it off (with <see cref="OfferTcp"/> on) makes every peer use
    /// ICE-TCP: how the TCP path is tested, and a choice for a network that only lets TCP through.</summary>
    public bool OfferUdp { get; set; } = true;

    /// <summary>Listen on the media port's number over TCP and announce a passive ICE-TCP candidate (RFC 6544),
    /// for networks that block UDP. Media over TCP suffers head-of-line blocking, so peers prefer UDP.</summary>
    public bool OfferTcp { get; set; } = true;

    /// <summary>Open ICE-TCP connections at once.</summary>
    [Range(1, 100_000)]
    public int MaxTcpConnections { get; set; } = 2000;

    /// <summary>ICE-TCP connections one client address may hold at once (a page opens one or two).</summary>
    [Range(1, 10_000)]
    public int MaxTcpConnectionsPerAddress { get; set; } = 16;

    /// <summary>An ICE-TCP connection that brings no authenticated STUN check within this is closed. A browser sends its
    /// check the moment the connection is up, so a few seconds is plenty.</summary>
    public TimeSpan TcpAuthenticationTimeout { get; set; } = TimeSpan.FromSeconds(3);

    [Range(1, 100_000)]
    public int MaxTransports { get; set; } = 2000;

    /// <summary>Transports one client address may hold at once.</summary>
    [Range(1, 1000)]
    public int MaxTransportsPerSource { get; set; } = 20;

    /// <summary>DTLS handshakes running at once; each holds a thread until it ends or times out.</summary>
    [Range(1, 10_000)]
    public int MaxHandshakesInFlight { get; set; } = 64;

    /// <summary>A transport whose ICE never connects is closed after this.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan DtlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a pre-call echo test may run.</summary>
    public TimeSpan EchoMaxDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Diagnostics: the share of forwarded packets the SFU drops on purpose (after keeping them for
    /// retransmission), to watch NACK repair a lossy network. 0 in production.</summary>
    [Range(0.0, 0.5)]
    public double SimulatedForwardingLoss { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!OfferUdp && !OfferTcp)
        {
            yield return new ValidationResult("At least one of Media:OfferUdp and Media:OfferTcp must be on.", [nameof(OfferUdp), nameof(OfferTcp)]);
        }
    }
}
