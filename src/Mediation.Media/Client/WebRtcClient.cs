using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Mediation.Media.Dtls;
using Mediation.Media.Ice;
using Mediation.Media.Rtcp;
using Mediation.Media.Sdp;
using Mediation.Media.Srtp;
using Mediation.Media.Stun;
using Mediation.Media.Transport;

namespace Mediation.Media.Client;

/// <summary>The m-lines a synthetic participant offers: one Opus audio and one VP8 video stream.</summary>
public sealed record ClientStream(string Mid, string Kind, int PayloadType, uint Ssrc);

/// <summary>
/// A WebRTC peer built on our own client-role stack, without a browser: it offers, checks the server's ICE-lite
/// candidate as the controlling agent, runs DTLS as client and then sends and receives SRTP. The synthetic
/// participant of tests and benchmarks; the same wire a browser speaks.
/// </summary>
public sealed class WebRtcClient : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly IceCredentials _local = IceCredentials.Generate();
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly object _sendLock = new();
    private readonly byte[] _frame = new byte[Rfc4571.HeaderLength + ushort.MaxValue];
    private readonly TaskCompletionSource _iceConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DtlsPacketChannel? _channel;
    private DtlsSession? _dtls;
    private SrtpContext? _send;
    private SrtpContext? _receive;
    private IceCredentials? _remote;
    private volatile bool _disposed;

    /// <param name="streams">What to offer: Opus audio and VP8 video unless told.</param>
    /// <param name="protocol">Which of the server's candidates to use: its UDP port, or ICE-TCP (RFC 6544 active side).</param>
    public WebRtcClient(IReadOnlyList<ClientStream>? streams = null, IceProtocol protocol = IceProtocol.Udp)
    {
        Protocol = protocol;
        Streams = streams ??
        [
            new ClientStream("0", "audio", 111, (uint)Random.Shared.Next(1, int.MaxValue)),
            new ClientStream("1", "video", 96, (uint)Random.Shared.Next(1, int.MaxValue)),
        ];
        _socket = protocol == IceProtocol.Udp
            ? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 * 1024 * 1024 }
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _thread = new Thread(ReceiveLoop) { IsBackground = true, Name = "webrtc-client" };
    }

    public IReadOnlyList<ClientStream> Streams { get; }
    public IceProtocol Protocol { get; }
    public SrtpProfile? Profile => _dtls?.Keys.Profile;
    private long _rtpReceived;
    private long _rtcpReceived;
    private long _srtpFailures;

    public long RtpReceived => Interlocked.Read(ref _rtpReceived);
    public long RtcpReceived => Interlocked.Read(ref _rtcpReceived);
    public long SrtpFailures => Interlocked.Read(ref _srtpFailures);

    /// <summary>Called on the receive thread with each decrypted RTP packet.</summary>
    public Action<byte[], int>? OnRtp { get; set; }

    /// <summary>Called on the receive thread with each decrypted compound RTCP packet.</summary>
    public Action<byte[], int>? OnRtcp { get; set; }

    public string CreateOffer()
    {
        var offer = new SessionDescription { Origin = "- 1 1 IN IP4 127.0.0.1" };
        offer.Attributes.Add(new SdpAttribute("group", "BUNDLE " + string.Join(' ', Streams.Select(s => s.Mid))));
        foreach (var stream in Streams)
        {
            var m = new MediaDescription { Kind = stream.Kind, Port = 9, Protocol = "UDP/TLS/RTP/SAVPF", Connection = "IN IP4 0.0.0.0" };
            var pt = stream.PayloadType.ToString(CultureInfo.InvariantCulture);
            m.Formats.Add(pt);
            m.Attributes.AddRange(
            [
                new SdpAttribute("mid", stream.Mid),
                new SdpAttribute("sendrecv", null),
                new SdpAttribute("ice-ufrag", _local.Ufrag),
                new SdpAttribute("ice-pwd", _local.Pwd),
                new SdpAttribute("fingerprint", "sha-256 " + _certificate.Fingerprint),
                new SdpAttribute("setup", "actpass"),
                new SdpAttribute("rtcp-mux", null),
                new SdpAttribute("rtpmap", stream.Kind == "audio" ? $"{pt} opus/48000/2" : $"{pt} VP8/90000"),
                new SdpAttribute("ssrc", $"{stream.Ssrc.ToString(CultureInfo.InvariantCulture)} cname:synthetic"),
            ]);
            offer.Media.Add(m);
        }

        return offer.ToString();
    }

    /// <summary>Connects to the server named in <paramref name="answerSdp"/>: ICE check, then DTLS as client.</summary>
    public async Task ConnectAsync(string answerSdp, CancellationToken cancellationToken = default)
    {
        if (!SessionDescription.TryParse(answerSdp, out var answer, out var error))
        {
            throw new InvalidOperationException("Unusable answer: " + error);
        }

        var media = answer!.Media.First(m => m.Port != 0);
        _remote = new IceCredentials(media.Attribute("ice-ufrag")!, media.Attribute("ice-pwd")!);
        var fingerprint = media.Attribute("fingerprint")!.Split(' ', 2)[1];
        var protocol = Protocol == IceProtocol.Udp ? "udp" : "tcp";
        var candidate = media.AttributeValues("candidate").Select(c => c.Split(' ')).FirstOrDefault(c => c[2] == protocol)
            ?? throw new InvalidOperationException($"The answer has no {protocol} candidate.");
        var server = new IPEndPoint(IPAddress.Parse(candidate[4]), int.Parse(candidate[5], CultureInfo.InvariantCulture));
        await _socket.ConnectAsync(server, cancellationToken);
        _channel = new DtlsPacketChannel(Transmit);
        _thread.Start();

        for (var attempt = 0; attempt < 25 && !_iceConnected.Task.IsCompleted; attempt++)
        {
            SendBindingRequest();
            await Task.WhenAny(_iceConnected.Task, Task.Delay(200, cancellationToken));
        }

        if (!_iceConnected.Task.IsCompleted)
        {
            throw new TimeoutException("The server answered no ICE check.");
        }

        _dtls = await DtlsSession.ConnectAsync(_channel, _certificate, fingerprint, new DtlsOptions(), cancellationToken);
        (_send, _receive) = _dtls.Keys.CreateContexts(isServer: false);
    }

    /// <summary>Consent freshness (RFC 7675): a check now and then keeps the server's consent alive.</summary>
    public void SendBindingRequest() => Transmit(new StunMessageBuilder(StunMethod.Binding, StunClass.Request, StunMessageBuilder.NewTransactionId())
        .AddUsername($"{_remote!.Ufrag}:{_local.Ufrag}")
        .AddPriority(1853824767)
        .AddIceControlling(0x1234_5678_9abc_def0)
        .AddUseCandidate()
        .AddMessageIntegrity(System.Text.Encoding.UTF8.GetBytes(_remote.Pwd))
        .AddFingerprint()
        .Build());

    /// <summary>Protects and sends the RTP packet in place; the buffer needs 16 spare bytes.</summary>
    public void SendRtp(byte[] buffer, int length)
    {
        int protectedLength;
        lock (_sendLock)
        {
            protectedLength = _send!.ProtectRtp(buffer, length);
        }

        Transmit(buffer.AsSpan(0, protectedLength));
    }

    public void SendRtcp(byte[] buffer, int length)
    {
        int protectedLength;
        lock (_sendLock)
        {
            protectedLength = _send!.ProtectRtcp(buffer, length);
        }

        Transmit(buffer.AsSpan(0, protectedLength));
    }

    /// <summary>Sends bytes as they are, unprotected: fault injection for tests of the server's input handling.</summary>
    public void SendRaw(ReadOnlySpan<byte> datagram) => Transmit(datagram);

    /// <summary>A datagram, or one RFC 4571 frame on the TCP connection.</summary>
    private void Transmit(ReadOnlySpan<byte> packet)
    {
        if (Protocol == IceProtocol.Udp)
        {
            _socket.Send(packet);
            return;
        }

        lock (_frame)
        {
            _socket.Send(_frame.AsSpan(0, Rfc4571.Frame(packet, _frame)));
        }
    }

    /// <summary>The next datagram or frame into <paramref name="buffer"/>; 0 when the TCP connection ended.</summary>
    private int ReceivePacket(byte[] buffer)
    {
        if (Protocol == IceProtocol.Udp)
        {
            return _socket.Receive(buffer);
        }

        if (!ReceiveExactly(buffer.AsSpan(0, Rfc4571.HeaderLength)))
        {
            return 0;
        }

        var length = Rfc4571.ReadLength(buffer);
        return length <= buffer.Length && ReceiveExactly(buffer.AsSpan(0, length)) ? length : 0;
    }

    private bool ReceiveExactly(Span<byte> destination)
    {
        while (destination.Length > 0)
        {
            var read = _socket.Receive(destination);
            if (read == 0)
            {
                return false;
            }

            destination = destination[read..];
        }

        return true;
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[2048];
        while (!_disposed)
        {
            int length;
            try
            {
                length = ReceivePacket(buffer);
            }
            catch (SocketException) when (!_disposed && Protocol == IceProtocol.Udp)
            {
                continue;
            }
            catch (Exception)
            {
                return;
            }

            if (length == 0)
            {
                if (Protocol == IceProtocol.Tcp)
                {
                    return;
                }

                continue;
            }

            var first = buffer[0];
            if (first < 4)
            {
                if (StunMessage.TryParse(buffer.AsSpan(0, length), out var message) == StunParseError.None
                    && message!.Class == StunClass.SuccessResponse
                    && message.VerifyMessageIntegrity(System.Text.Encoding.UTF8.GetBytes(_remote!.Pwd)))
                {
                    _iceConnected.TrySetResult();
                }
            }
            else if (first is >= 20 and <= 63)
            {
                _channel?.Deliver(buffer.AsSpan(0, length));
            }
            else if (first is >= 128 and <= 191 && _receive is { } receive)
            {
                if (RtcpHeader.IsRtcp(buffer.AsSpan(0, length)))
                {
                    if (receive.UnprotectRtcp(buffer, length, out var plainRtcp) == SrtpError.None)
                    {
                        Interlocked.Increment(ref _rtcpReceived);
                        OnRtcp?.Invoke(buffer, plainRtcp);
                    }
                    else
                    {
                        Interlocked.Increment(ref _srtpFailures);
                    }
                }
                else if (receive.UnprotectRtp(buffer, length, out var plain) == SrtpError.None)
                {
                    Interlocked.Increment(ref _rtpReceived);
                    OnRtp?.Invoke(buffer, plain);
                }
                else
                {
                    Interlocked.Increment(ref _srtpFailures);
                }
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _dtls?.Dispose();
        _channel?.Close();
        _socket.Dispose();
    }
}
