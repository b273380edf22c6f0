using System.Buffers.Binary;
using System.ComponentModel.DataAnnotations;
using System.Net.Sockets;
using System.Text;
using Mediation.Media.Client;
using Mediation.Media.Echo;
using Mediation.Media.Stun;
using Mediation.Media.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mediation.Media.Tests;

/// <summary>ICE-TCP (RFC 6544, RFC 4571 framing): the whole stack over a TCP connection to the passive candidate,
/// and what the listener does with connections that are not ICE.</summary>
public sealed class IceTcpTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly MediaOptions _options = new() { ListenAddress = "127.0.0.1", Port = 0, OfferUdp = false };
    private readonly MediaServer _server;
    private readonly EchoService _echo;

    public IceTcpTests()
    {
        _server = new MediaServer(_options, _time, NullLoggerFactory.Instance);
        _echo = new EchoService(_server, _options);
    }

    public void Dispose() => _server.Dispose();

    private static async Task WaitUntil(Func<bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }

    private async Task<Socket> OpenAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 5000 };
        await socket.ConnectAsync(_server.TcpListener!.LocalEndPoint);
        await WaitUntil(() => _server.TcpListener.ConnectionCount == 1);
        return socket;
    }

    private static void SendFrame(Socket socket, ReadOnlySpan<byte> packet)
    {
        var frame = new byte[packet.Length + Rfc4571.HeaderLength];
        socket.Send(frame.AsSpan(0, Rfc4571.Frame(packet, frame)));
    }

    /// <summary>True when the server closed the connection (the read ends) rather than answering.</summary>
    private static bool Closed(Socket socket)
    {
        try
        {
            return socket.Receive(new byte[100]) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    [Fact]
    public void A_server_offering_tcp_alone_announces_one_passive_tcp_candidate_on_the_media_port_number()
    {
        var answer = _echo.Answer(new WebRtcClient().CreateOffer(), "test", "owner", out _, out var error);
        Assert.True(answer is not null, error);
        var candidates = answer.Sdp.Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)).ToList();
        var candidate = Assert.Single(candidates.Distinct());
        Assert.Contains(" 1 tcp ", candidate, StringComparison.Ordinal);
        Assert.EndsWith($"127.0.0.1 {_server.Port.LocalEndPoint.Port} typ host tcptype passive", candidate, StringComparison.Ordinal);
        Assert.Equal(_server.Port.LocalEndPoint.Port, _server.TcpListener!.LocalEndPoint.Port);
    }

    [Fact]
    public void Offering_neither_udp_nor_tcp_is_a_configuration_error()
    {
        var options = new MediaOptions { OfferUdp = false, OfferTcp = false };
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(MediaOptions.OfferTcp)));
    }

    [Fact]
    public async Task Stun_dtls_and_srtp_run_over_one_framed_tcp_connection()
    {
        using var client = new WebRtcClient(protocol: IceProtocol.Tcp);
        var answer = _echo.Answer(client.CreateOffer(), "test", "owner", out _, out var error) ?? throw new InvalidOperationException(error);
        await client.ConnectAsync(answer.Sdp).WaitAsync(TimeSpan.FromSeconds(30));
        var transport = _server.Find(answer.TransportId)!;
        await WaitUntil(() => transport.State == TransportState.Connected);
        Assert.Equal(IceProtocol.Tcp, transport.Protocol);

        var video = client.Streams.Single(s => s.Kind == "video");
        var buffer = new byte[1300];
        for (ushort seq = 1; seq <= 200; seq++)
        {
            buffer[0] = 0x80;
            buffer[1] = (byte)video.PayloadType;
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), seq);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), video.Ssrc);
            client.SendRtp(buffer, 1200);
        }

        await WaitUntil(() => client.RtpReceived >= 200);
        Assert.Equal(200, transport.Counters.PacketsReceived);
        Assert.Equal(0, client.SrtpFailures);
        Assert.Equal(0, transport.Counters.SrtpFailures);
    }

    [Fact]
    public async Task A_connection_that_starts_with_anything_but_stun_is_closed()
    {
        using var socket = await OpenAsync();
        var dtls = new byte[60];
        dtls[0] = 22;
        SendFrame(socket, dtls);
        Assert.True(Closed(socket));
        await WaitUntil(() => _server.TcpListener!.ConnectionCount == 0 && _server.TcpListener.Refused == 1);
    }

    [Fact]
    public async Task A_stun_request_naming_no_transport_of_ours_closes_the_connection()
    {
        using var socket = await OpenAsync();
        SendFrame(socket, new StunMessageBuilder(StunMethod.Binding, StunClass.Request, StunMessageBuilder.NewTransactionId())
            .AddUsername("nobody:peer")
            .AddMessageIntegrity(Encoding.UTF8.GetBytes("whatever-password-01234"))
            .AddFingerprint().Build());
        Assert.True(Closed(socket));
    }

    [Fact]
    public async Task A_frame_longer_than_any_packet_closes_the_connection()
    {
        using var socket = await OpenAsync();
        socket.Send([0xFF, 0xFF, 0, 1]);
        Assert.True(Closed(socket));
    }

    [Fact]
    public async Task A_forged_check_is_answered_401_and_routes_nothing_until_the_password_matches()
    {
        var client = new WebRtcClient();
        var answer = _echo.Answer(client.CreateOffer(), "test", "owner", out _, out _)!;
        var transport = _server.Find(answer.TransportId)!;
        using var socket = await OpenAsync();
        SendFrame(socket, new StunMessageBuilder(StunMethod.Binding, StunClass.Request, StunMessageBuilder.NewTransactionId())
            .AddUsername($"{transport.Ice.Local.Ufrag}:{transport.Ice.Remote.Ufrag}")
            .AddUseCandidate()
            .AddMessageIntegrity(Encoding.UTF8.GetBytes("guessed-password-0123456"))
            .AddFingerprint().Build());

        var reply = new byte[600];
        Assert.Equal(2, socket.Receive(reply.AsSpan(0, 2)));
        var length = Rfc4571.ReadLength(reply);
        var read = 0;
        while (read < length)
        {
            read += socket.Receive(reply.AsSpan(read, length - read));
        }

        Assert.Equal(StunParseError.None, StunMessage.TryParse(reply.AsSpan(0, length), out var response));
        Assert.Equal(401, response!.Error!.Value.Code);
        Assert.Null(transport.RemoteEndPoint);

        // Not authenticated: DTLS on this connection is refused.
        var dtls = new byte[60];
        dtls[0] = 22;
        SendFrame(socket, dtls);
        Assert.True(Closed(socket));
    }

    [Fact]
    public async Task A_connection_that_never_authenticates_is_closed_after_the_timeout()
    {
        using var socket = await OpenAsync();
        _time.Advance(_options.TcpAuthenticationTimeout + TimeSpan.FromSeconds(1));
        await WaitUntil(() => _server.TcpListener!.ConnectionCount == 0);
        Assert.True(Closed(socket));
    }

    [Fact]
    public async Task Unauthenticated_connections_hold_no_send_buffers_and_one_address_holds_only_so_many()
    {
        var sockets = new List<Socket>();
        try
        {
            // Up to the per-address limit the listener keeps them, holding nothing to send with.
            for (var i = 0; i < _options.MaxTcpConnectionsPerAddress; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 5000 };
                await socket.ConnectAsync(_server.TcpListener!.LocalEndPoint);
                sockets.Add(socket);
            }

            await WaitUntil(() => _server.TcpListener!.ConnectionCount == _options.MaxTcpConnectionsPerAddress);
            Assert.Equal(0, _server.TcpListener!.BufferedCapacity);

            // One more from the same address is closed at once.
            using var extra = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 5000 };
            await extra.ConnectAsync(_server.TcpListener.LocalEndPoint);
            Assert.True(Closed(extra));
            Assert.Equal(_options.MaxTcpConnectionsPerAddress, _server.TcpListener.ConnectionCount);

            // Once they are gone, the address may connect again; an authenticated connection gets its buffers.
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            await WaitUntil(() => _server.TcpListener.ConnectionCount == 0);
            using var client = new WebRtcClient(protocol: IceProtocol.Tcp);
            var answer = _echo.Answer(client.CreateOffer(), "test", "owner", out _, out _)!;
            await client.ConnectAsync(answer.Sdp).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(_server.TcpListener.BufferedCapacity > 0);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    public async Task Closing_the_transport_closes_its_tcp_connection()
    {
        using var client = new WebRtcClient(protocol: IceProtocol.Tcp);
        var answer = _echo.Answer(client.CreateOffer(), "test", "owner", out _, out _)!;
        await client.ConnectAsync(answer.Sdp).WaitAsync(TimeSpan.FromSeconds(30));
        var transport = _server.Find(answer.TransportId)!;
        await WaitUntil(() => transport.State == TransportState.Connected);
        Assert.Equal(1, _server.TcpListener!.ConnectionCount);

        transport.Dispose();
        await WaitUntil(() => _server.TcpListener.ConnectionCount == 0);
    }
}
