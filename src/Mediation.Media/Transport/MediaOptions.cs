using System.ComponentModel.DataAnnotations;

namespace Mediation.Media.Transport;

/// <summary><c>Media:*</c>: the one UDP port every WebRTC transport shares, and its limits.</summary>
public sealed class MediaOptions
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
}
