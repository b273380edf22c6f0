using System.Net;
using Mediation.Media.Dtls;
using Mediation.Media.Ice;
using Mediation.Media.Rtcp;
using Mediation.Media.Srtp;
using Mediation.Media.Stun;
using Microsoft.Extensions.Logging;

namespace Mediation.Media.Transport;

public enum TransportState
{
    New,
    /// <summary>ICE has selected an address; DTLS is under way.</summary>
    Checking,
    /// <summary>DTLS finished: SRTP flows.</summary>
    Connected,
    Closed,
}

/// <summary>What a transport hands its decrypted packets to: the echo test, or a router's producers.</summary>
public interface IMediaSink
{
    /// <summary>A decrypted RTP packet in <paramref name="buffer"/>[..<paramref name="length"/>]; the buffer has room
    /// for an SRTP tag, so the sink may rewrite the packet and send it on in place.</summary>
    void OnRtp(WebRtcTransport transport, byte[] buffer, int length);

    void OnRtcp(WebRtcTransport transport, ReadOnlySpan<byte> compound);
}

/// <summary>
/// One peer's connection to the server (mediasoup's WebRtcTransport): ICE-lite, then DTLS as server, then SRTP
/// both ways, over the shared <see cref="UdpMediaPort"/> or a connection to the passive <see cref="TcpMediaListener"/>.
/// </summary>
public sealed class WebRtcTransport : IDisposable
{
    private readonly UdpMediaPort _port;
    private readonly DtlsCertificate _certificate;
    private readonly string _remoteFingerprint;
    private readonly DtlsOptions _dtlsOptions;
    private readonly SemaphoreSlim _handshakes;
    private readonly ILogger _logger;
    private readonly object _sendLock = new();
    private readonly object _iceGate = new();
    private MediaPath? _path;
    private DtlsPacketChannel? _channel;
    private DtlsSession? _dtls;
    private SrtpContext? _send;
    private SrtpContext? _receive;
    private int _closed;

    internal WebRtcTransport(string source, UdpMediaPort port, IceLiteAgent ice, DtlsCertificate certificate, string remoteFingerprint,
        DtlsOptions dtlsOptions, SemaphoreSlim handshakes, TimeProvider time, ILogger logger)
    {
        Source = source;
        _port = port;
        Ice = ice;
        _certificate = certificate;
        _remoteFingerprint = remoteFingerprint;
        _dtlsOptions = dtlsOptions;
        _handshakes = handshakes;
        _logger = logger;
        CreatedUtc = time.GetUtcNow().UtcDateTime;
    }

    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>Who asked for it (the client address of the HTTP request): for per-source limits.</summary>
    public string Source { get; }

    /// <summary>The signed-in user or party session the transport belongs to; only they may read its stats.</summary>
    public string? Owner { get; set; }
    public IceLiteAgent Ice { get; }

    /// <summary>The certificate fingerprint (sha-256, hex with colons) the peer's offer announced: DTLS must present it.</summary>
    public string RemoteFingerprint => _remoteFingerprint;
    public DateTime CreatedUtc { get; }
    public DateTime? ExpiresUtc { get; set; }
    public TransportCounters Counters { get; } = new();
    public TransportState State { get; private set; } = TransportState.New;
    public SrtpProfile? Profile => _dtls?.Keys.Profile;
    public IPEndPoint? RemoteEndPoint => _path?.RemoteEndPoint;

    /// <summary>How the selected path reaches the peer: UDP, or ICE-TCP when UDP is blocked.</summary>
    public IceProtocol? Protocol => _path?.Protocol;
    public IMediaSink? Sink { get; set; }

    public event Action<WebRtcTransport>? Connected;
    public event Action<WebRtcTransport>? Closed;

    internal void OnStun(StunMessage message, MediaPath path)
    {
        if (State == TransportState.Closed)
        {
            return;
        }

        Counters.StunRequest();
        MediaPath? previous;
        // Checks arrive on the UDP thread and on each ICE-TCP connection's: one at a time decides the path.
        lock (_iceGate)
        {
            var check = Ice.Handle(message, path.RemoteEndPoint, path.Protocol);
            if (check.Response is not null)
            {
                path.Send(check.Response);
            }

            if (check.Outcome != IceCheckOutcome.Accepted || !check.SelectedChanged)
            {
                return;
            }

            previous = _path;
            _path = path;
            path.Bind(this);
            previous?.Unbind(this);
            if (Volatile.Read(ref _closed) != 0)
            {
                path.Unbind(this);
                return;
            }
        }

        if (State == TransportState.New)
        {
            State = TransportState.Checking;
            StartDtls();
        }
    }

    internal void OnDtls(ReadOnlySpan<byte> datagram)
    {
        if (_channel is null || !_channel.Deliver(datagram))
        {
            Counters.Drop();
        }
    }

    internal void OnMedia(byte[] buffer, int length)
    {
        var receive = _receive;
        if (receive is null || Volatile.Read(ref _closed) != 0)
        {
            Counters.Drop();
            return;
        }

        if (RtcpHeader.IsRtcp(buffer.AsSpan(0, length)))
        {
            if (receive.UnprotectRtcp(buffer, length, out var plain) != SrtpError.None)
            {
                Counters.SrtpFailed();
                return;
            }

            Counters.Received(length);
            Sink?.OnRtcp(this, buffer.AsSpan(0, plain));
            return;
        }

        if (receive.UnprotectRtp(buffer, length, out var rtpLength) != SrtpError.None)
        {
            Counters.SrtpFailed();
            return;
        }

        Counters.Received(length);
        Sink?.OnRtp(this, buffer, rtpLength);
    }

    /// <summary>Protects and sends an RTP packet in place; <paramref name="buffer"/> needs 16 spare bytes after it.</summary>
    public void SendRtp(byte[] buffer, int length) => Send(buffer, length, rtcp: false);

    public void SendRtcp(byte[] buffer, int length) => Send(buffer, length, rtcp: true);

    private void Send(byte[] buffer, int length, bool rtcp)
    {
        var path = _path;
        if (path is null || _send is null || Volatile.Read(ref _closed) != 0)
        {
            return;
        }

        int protectedLength;
        lock (_sendLock)
        {
            protectedLength = rtcp ? _send.ProtectRtcp(buffer, length) : _send.ProtectRtp(buffer, length);
        }

        if (protectedLength < 0)
        {
            Counters.Drop();
            return;
        }

        path.Send(buffer.AsSpan(0, protectedLength));
        Counters.Sent(protectedLength);
    }

    private void StartDtls()
    {
        if (!_handshakes.Wait(0))
        {
            _logger.LogWarning("Transport {TransportId}: too many DTLS handshakes in flight; closing", Id);
            Counters.HandshakeFailed();
            Dispose();
            return;
        }

        _channel = new DtlsPacketChannel(datagram =>
        {
            _path?.Send(datagram);
        });
        DtlsSession.AcceptAsync(_channel, _certificate, _remoteFingerprint, _dtlsOptions).ContinueWith(task =>
        {
            _handshakes.Release();
            if (!task.IsCompletedSuccessfully)
            {
                Counters.HandshakeFailed();
                _logger.LogInformation("Transport {TransportId}: DTLS failed: {Error}", Id, task.Exception?.InnerException?.Message);
                Dispose();
                return;
            }

            var session = task.Result;
            if (Volatile.Read(ref _closed) != 0)
            {
                session.Dispose();
                return;
            }

            _dtls = session;
            (_send, _receive) = session.Keys.CreateContexts(isServer: true);
            session.Closed += _ => Dispose();
            State = TransportState.Connected;
            _logger.LogInformation("Transport {TransportId} connected from {Remote} over {Protocol} with {Profile}", Id, RemoteEndPoint, Protocol, session.Keys.Profile);
            Connected?.Invoke(this);
        }, TaskScheduler.Default);
    }

    /// <summary>ICE restart (RFC 8445 §9) when the peer's network changes (Wi-Fi to 4G): fresh credentials on both
    /// sides; DTLS and SRTP carry on over whichever address the new credentials authenticate.</summary>
    public IceCredentials RestartIce(IceCredentials remote)
    {
        var oldUfrag = Ice.Local.Ufrag;
        var local = IceCredentials.Generate();
        Ice.Restart(local, remote);
        _port.Rename(oldUfrag, this);
        return local;
    }

    /// <summary>Checked by the server's housekeeping: consent lost, never connected, or past its lifetime.</summary>
    internal bool ShouldClose(DateTime nowUtc, TimeSpan connectTimeout) =>
        Ice.ConsentExpired
        || (State != TransportState.Connected && nowUtc - CreatedUtc > connectTimeout)
        || (ExpiresUtc is { } expires && nowUtc >= expires);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        State = TransportState.Closed;
        _port.Unregister(this);
        _path?.Unbind(this);
        _dtls?.Dispose();
        _channel?.Close();
        lock (_sendLock)
        {
            _send?.Dispose();
        }

        // The receive context may be in use by the port thread right now; it checks _closed first and the
        // context only holds managed crypto objects, so it is left to the collector.
        _logger.LogInformation("Transport {TransportId} closed: {Received} packets in, {Sent} out, {SrtpFailures} SRTP failures",
            Id, Counters.PacketsReceived, Counters.PacketsSent, Counters.SrtpFailures);
        Closed?.Invoke(this);
    }
}
