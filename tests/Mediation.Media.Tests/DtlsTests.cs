using System.Buffers.Binary;
using Mediation.Media.Dtls;
using Mediation.Media.Srtp;

namespace Mediation.Media.Tests;

/// <summary>Our DTLS client and server against each other, in process, over channels we can make lossy.</summary>
public class DtlsTests
{
    private static readonly DtlsOptions Options = new() { HandshakeTimeout = TimeSpan.FromSeconds(20) };

    private sealed class Link
    {
        public required DtlsPacketChannel Server { get; init; }
        public required DtlsPacketChannel Client { get; init; }
        public int DroppedServerFinalFlights;
    }

    /// <summary>Two channels wired to each other; <paramref name="dropServerFinalFlightOnce"/> loses the server's
    /// ChangeCipherSpec+Finished flight the first time, as a lossy network would.</summary>
    private static Link Wire(bool dropServerFinalFlightOnce = false)
    {
        DtlsPacketChannel? server = null, client = null;
        Link? link = null;
        server = new DtlsPacketChannel(datagram =>
        {
            if (dropServerFinalFlightOnce && link!.DroppedServerFinalFlights == 0 && HasRecordType(datagram, 20))
            {
                link.DroppedServerFinalFlights++;
                return;
            }

            client!.Deliver(datagram);
        });
        client = new DtlsPacketChannel(datagram => server.Deliver(datagram));
        link = new Link { Server = server, Client = client };
        return link;
    }

    private static bool HasRecordType(ReadOnlySpan<byte> datagram, byte type)
    {
        for (var i = 0; i + 13 <= datagram.Length; i += 13 + BinaryPrimitives.ReadUInt16BigEndian(datagram[(i + 11)..]))
        {
            if (datagram[i] == type)
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public async Task Client_and_server_agree_on_srtp_keys_and_prefer_gcm()
    {
        var (serverCert, clientCert) = (DtlsCertificate.Generate(), DtlsCertificate.Generate());
        var link = Wire();
        var serverTask = DtlsSession.AcceptAsync(link.Server, serverCert, clientCert.Fingerprint, Options);
        var clientTask = DtlsSession.ConnectAsync(link.Client, clientCert, serverCert.Fingerprint, Options);
        using var server = await serverTask.WaitAsync(TimeSpan.FromSeconds(30));
        using var client = await clientTask.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(SrtpProfile.AeadAes128Gcm, server.Keys.Profile);
        Assert.Equal(server.Keys.ClientKey, client.Keys.ClientKey);
        Assert.Equal(server.Keys.ServerSalt, client.Keys.ServerSalt);
        Assert.NotEqual(server.Keys.ClientKey, server.Keys.ServerKey);

        // What one side protects, the other unprotects.
        var (serverSend, _) = server.Keys.CreateContexts(isServer: true);
        var (_, clientReceive) = client.Keys.CreateContexts(isServer: false);
        var packet = new byte[64];
        packet[0] = 0x80;
        packet[1] = 96;
        var length = serverSend.ProtectRtp(packet, 30);
        Assert.Equal(SrtpError.None, clientReceive.UnprotectRtp(packet, length, out var plain));
        Assert.Equal(30, plain);
    }

    [Fact]
    public async Task A_lost_final_flight_is_sent_again_when_the_client_repeats_its_own()
    {
        var (serverCert, clientCert) = (DtlsCertificate.Generate(), DtlsCertificate.Generate());
        var link = Wire(dropServerFinalFlightOnce: true);
        var serverTask = DtlsSession.AcceptAsync(link.Server, serverCert, clientCert.Fingerprint, Options);
        var clientTask = DtlsSession.ConnectAsync(link.Client, clientCert, serverCert.Fingerprint, Options);
        using var client = await clientTask.WaitAsync(TimeSpan.FromSeconds(30));
        using var server = await serverTask.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, link.DroppedServerFinalFlights);
        Assert.Equal(server.Keys.ServerKey, client.Keys.ServerKey);
    }

    [Fact]
    public async Task A_certificate_that_does_not_match_the_sdp_fingerprint_fails_the_handshake()
    {
        var (serverCert, clientCert, impostor) = (DtlsCertificate.Generate(), DtlsCertificate.Generate(), DtlsCertificate.Generate());
        var link = Wire();
        var serverTask = DtlsSession.AcceptAsync(link.Server, serverCert, impostor.Fingerprint, Options);
        var clientTask = DtlsSession.ConnectAsync(link.Client, clientCert, serverCert.Fingerprint, Options with { HandshakeTimeout = TimeSpan.FromSeconds(3) });
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => serverTask.WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => clientTask.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_silent_peer_times_out()
    {
        var channel = new DtlsPacketChannel(_ => { });
        var started = DateTime.UtcNow;
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => DtlsSession.AcceptAsync(channel, DtlsCertificate.Generate(), "00",
            Options with { HandshakeTimeout = TimeSpan.FromSeconds(1) }).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(25));
    }

    [Fact]
    public void The_fingerprint_is_sha256_in_colon_hex()
    {
        var certificate = DtlsCertificate.Generate();
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", certificate.Fingerprint);
        Assert.True(DtlsCertificate.Matches(certificate.Fingerprint.ToLowerInvariant(), certificate.Der));
    }

    [Fact]
    public void Records_arriving_while_the_channel_closes_are_dropped_not_thrown_on_the_receive_thread()
    {
        for (var round = 0; round < 200; round++)
        {
            var channel = new DtlsPacketChannel(_ => { });
            var delivering = new Thread(() =>
            {
                for (var i = 0; i < 1000; i++)
                {
                    channel.Deliver([22, 254, 253]);
                }
            });
            delivering.Start();
            channel.Close();
            delivering.Join();
            Assert.False(channel.Deliver([22, 254, 253]));
        }
    }
}
