using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Mediation.Media.Dtls;
using Mediation.Media.Ice;
using Microsoft.Extensions.Logging;

namespace Mediation.Media.Transport;

/// <summary>
/// The media side of one server process: the shared UDP port, the DTLS certificate every transport presents,
/// the transports themselves with their limits, and the housekeeping that closes transports whose consent
/// expired, that never connected, or that outlived their purpose.
/// </summary>
public sealed class MediaServer : IDisposable
{
    private readonly MediaOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Guid, WebRtcTransport> _transports = new();
    private readonly SemaphoreSlim _handshakes;
    private readonly Timer _housekeeping;
    private readonly Meter _meter;
    private readonly TransportCounters _closedTotals = new();

    /// <summary>The meter (System.Diagnostics.Metrics) the server's counters are published under, for
    /// OpenTelemetry or dotnet-counters.</summary>
    public const string MeterName = "Mediation.Media";

    public MediaServer(MediaOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<MediaServer>();
        _handshakes = new SemaphoreSlim(options.MaxHandshakesInFlight, options.MaxHandshakesInFlight);
        var listen = IPAddress.Parse(options.ListenAddress);
        (Port, TcpListener) = OpenPorts(options, listen, time, loggers);

        Certificate = DtlsCertificate.Generate();
        Candidates = AnnouncedCandidates(options, listen, Port.LocalEndPoint.Port);
        _housekeeping = new Timer(_ => Housekeep(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        // Scoped to this server: a listener (or a test) can tell two servers' instruments apart in one process.
        _meter = new Meter(MeterName, version: null, tags: null, scope: this);
        _meter.CreateObservableGauge("mediation.media.transports", () => _transports.Count, description: "Open WebRTC transports");
        _meter.CreateObservableCounter("mediation.media.packets.received", () => Total(c => c.PacketsReceived), description: "Authenticated SRTP/SRTCP packets received");
        _meter.CreateObservableCounter("mediation.media.bytes.received", () => Total(c => c.BytesReceived), unit: "By");
        _meter.CreateObservableCounter("mediation.media.packets.sent", () => Total(c => c.PacketsSent));
        _meter.CreateObservableCounter("mediation.media.bytes.sent", () => Total(c => c.BytesSent), unit: "By");
        _meter.CreateObservableCounter("mediation.media.srtp.failures", () => Total(c => c.SrtpFailures), description: "Packets that failed SRTP authentication or replay checks");
        _meter.CreateObservableCounter("mediation.media.dtls.failures", () => Total(c => c.HandshakeFailures));
        _meter.CreateObservableCounter("mediation.media.datagrams.dropped", () => Port.Dropped + Total(c => c.Dropped), description: "Datagrams that matched no transport or protocol");
        _meter.CreateObservableGauge("mediation.media.tcp.connections", () => TcpListener?.ConnectionCount ?? 0, description: "Open ICE-TCP connections");
        _meter.CreateObservableCounter("mediation.media.tcp.refused", () => TcpListener?.Refused ?? 0, description: "ICE-TCP connections refused or closed for a protocol error, silence or no authentication");
        _logger.LogInformation("Media port {Port} on {Listen}; announcing {Candidates}", Port.LocalEndPoint.Port, listen, string.Join(", ", Candidates));
    }

    public UdpMediaPort Port { get; }

    /// <summary>The passive ICE-TCP listener; null when <see cref="MediaOptions.OfferTcp"/> is off.</summary>
    public TcpMediaListener? TcpListener { get; }
    public DtlsCertificate Certificate { get; }

    /// <summary>The host candidates every answer carries.</summary>
    public IReadOnlyList<LocalCandidate> Candidates { get; }

    public int TransportCount => _transports.Count;

    public WebRtcTransport? Find(Guid id) => _transports.GetValueOrDefault(id);

    /// <summary>A new transport for a peer whose ICE credentials and DTLS fingerprint came in its offer; null with a
    /// reason when a limit stands in the way.</summary>
    public WebRtcTransport? CreateTransport(string source, IceCredentials local, IceCredentials remote, string remoteFingerprint, out string? refusal)
    {
        if (_transports.Count >= _options.MaxTransports)
        {
            refusal = "The media server is at capacity.";
            return null;
        }

        if (_transports.Values.Count(t => t.Source == source) >= _options.MaxTransportsPerSource)
        {
            refusal = "Too many media connections from this address.";
            return null;
        }

        var transport = new WebRtcTransport(source, Port, new IceLiteAgent(local, remote, _time), Certificate, remoteFingerprint,
            new DtlsOptions { HandshakeTimeout = _options.DtlsHandshakeTimeout }, _handshakes, _time, _loggers.CreateLogger<WebRtcTransport>());
        transport.Closed += t =>
        {
            if (_transports.TryRemove(t.Id, out _))
            {
                _closedTotals.Add(t.Counters);
            }
        };
        _transports[transport.Id] = transport;
        Port.Register(transport);
        refusal = null;
        return transport;
    }

    /// <summary>The UDP port and, for ICE-TCP, the TCP listener on the same number. With port 0 the system picks
    /// the UDP port, whose number may be taken on TCP: then another is picked, a few times.</summary>
    private static (UdpMediaPort Udp, TcpMediaListener? Tcp) OpenPorts(MediaOptions options, IPAddress listen, TimeProvider time, ILoggerFactory loggers)
    {
        for (var attempt = 1; ; attempt++)
        {
            var udp = new UdpMediaPort(listen, options.Port, loggers.CreateLogger<UdpMediaPort>());
            if (!options.OfferTcp)
            {
                return (udp, null);
            }

            try
            {
                return (udp, new TcpMediaListener(listen, udp.LocalEndPoint.Port, udp, options, time, loggers.CreateLogger<TcpMediaListener>()));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                udp.Dispose();
                if (options.Port != 0 || attempt == 10)
                {
                    throw new InvalidOperationException($"Media port {udp.LocalEndPoint.Port}/tcp (ICE-TCP) is in use; free it, choose another Media:Port, or set Media:OfferTcp=false.", e);
                }
            }
        }
    }

    /// <summary>Closed transports' totals plus the open ones': a counter that never goes back.</summary>
    private long Total(Func<TransportCounters, long> read) => read(_closedTotals) + _transports.Values.Sum(t => read(t.Counters));

    private void Housekeep()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var transport in _transports.Values)
        {
            if (transport.ShouldClose(now, _options.ConnectTimeout))
            {
                transport.Dispose();
            }
        }

        TcpListener?.Housekeep();
    }

    private static IReadOnlyList<LocalCandidate> AnnouncedCandidates(MediaOptions options, IPAddress listen, int port)
    {
        var addresses = AnnouncedAddresses(options, listen, port);
        return
        [
            .. options.OfferUdp ? addresses.Select(a => new LocalCandidate(a, IceProtocol.Udp)) : [],
            .. options.OfferTcp ? addresses.Select(a => new LocalCandidate(a, IceProtocol.Tcp)) : [],
        ];
    }

    private static IReadOnlyList<IPEndPoint> AnnouncedAddresses(MediaOptions options, IPAddress listen, int port)
    {
        if (options.AnnouncedAddresses.Length > 0)
        {
            return [.. options.AnnouncedAddresses.Select(a => new IPEndPoint(IPAddress.Parse(a), port))];
        }

        if (!listen.Equals(IPAddress.Any) && !listen.Equals(IPAddress.IPv6Any))
        {
            return [new IPEndPoint(listen, port)];
        }

        return [.. NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork)
            .Select(a => new IPEndPoint(a, port))];
    }

    public void Dispose()
    {
        _meter.Dispose();
        _housekeeping.Dispose();
        TcpListener?.Dispose();
        foreach (var transport in _transports.Values)
        {
            transport.Dispose();
        }

        Port.Dispose();
    }
}
