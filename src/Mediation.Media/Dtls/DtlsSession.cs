using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Mediation.Media.Dtls;

/// <summary>
/// A DTLS-SRTP association over a <see cref="DtlsPacketChannel"/>. The blocking BouncyCastle handshake runs on
/// its own thread, off the packet loop. Once keys are exported the same thread keeps servicing the association:
/// when the peer repeats its final flight because ours was lost, BouncyCastle answers it only from inside a
/// receive call (RFC 6347 §4.2.4), and close_notify arrives the same way.
/// </summary>
public sealed class DtlsSession : IDisposable
{
    private static readonly SecureRandom Random = new();
    private readonly DtlsPacketChannel _channel;
    private readonly DtlsTransport _transport;
    private int _closed;

    private DtlsSession(DtlsPacketChannel channel, DtlsTransport transport, DtlsSrtpKeys keys, bool isServer)
    {
        _channel = channel;
        _transport = transport;
        Keys = keys;
        IsServer = isServer;
    }

    public DtlsSrtpKeys Keys { get; }
    public bool IsServer { get; }
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Raised once, from the servicing thread, when the peer closes or the association fails.</summary>
    public event Action<DtlsSession>? Closed;

    public static Task<DtlsSession> AcceptAsync(DtlsPacketChannel channel, DtlsCertificate certificate, string peerFingerprint, DtlsOptions options, CancellationToken cancellationToken = default) =>
        RunAsync(channel, cancellationToken, () =>
        {
            var server = new DtlsSrtpServer(new BcTlsCrypto(Random), certificate, peerFingerprint, options);
            var transport = new DtlsServerProtocol().Accept(server, channel);
            return new DtlsSession(channel, transport, server.Keys!, isServer: true);
        });

    public static Task<DtlsSession> ConnectAsync(DtlsPacketChannel channel, DtlsCertificate certificate, string peerFingerprint, DtlsOptions options, CancellationToken cancellationToken = default) =>
        RunAsync(channel, cancellationToken, () =>
        {
            var client = new DtlsSrtpClient(new BcTlsCrypto(Random), certificate, peerFingerprint, options);
            var transport = new DtlsClientProtocol().Connect(client, channel);
            return new DtlsSession(channel, transport, client.Keys!, isServer: false);
        });

    private static Task<DtlsSession> RunAsync(DtlsPacketChannel channel, CancellationToken cancellationToken, Func<DtlsSession> handshake)
    {
        var completion = new TaskCompletionSource<DtlsSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = cancellationToken.Register(channel.Close);
        var thread = new Thread(() =>
        {
            DtlsSession session;
            try
            {
                session = handshake();
            }
            catch (Exception e)
            {
                channel.Close();
                completion.TrySetException(new DtlsHandshakeException("The DTLS handshake failed: " + e.Message, e));
                return;
            }
            finally
            {
                registration.Dispose();
            }

            completion.TrySetResult(session);
            session.Service();
        })
        {
            IsBackground = true,
            Name = "dtls",
        };
        thread.Start();
        return completion.Task;
    }

    private void Service()
    {
        var buffer = new byte[_transport.GetReceiveLimit()];
        try
        {
            while (!IsClosed)
            {
                // Application data is not used by WebRTC media; the call exists to answer retransmissions and alerts.
                _transport.Receive(buffer, 0, buffer.Length, 1000);
            }
        }
        catch (Exception)
        {
            // close_notify, a fatal alert, or our own Dispose closing the channel.
        }

        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            Closed?.Invoke(this);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            try
            {
                _transport.Close();
            }
            catch (Exception)
            {
                // Best effort close_notify.
            }
        }

        _channel.Close();
    }
}

public sealed class DtlsHandshakeException(string message, Exception inner) : Exception(message, inner);
