using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Mediation.Media.Stun;
using Microsoft.Extensions.Logging;

namespace Mediation.Media.Transport;

/// <summary>
/// The single UDP port every WebRTC transport shares. One thread receives; each datagram is sorted by its first
/// byte (RFC 7983): STUN goes to the transport named by the USERNAME's first ufrag, DTLS and SRTP to the
/// transport that an authenticated STUN request bound to the sender's address. Anything else is dropped and
/// counted. No exception leaves the loop; the receive path allocates nothing for media.
/// </summary>
public sealed class UdpMediaPort : IDisposable
{
    public const int MaxDatagram = 2048;

    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, WebRtcTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SocketAddress, WebRtcTransport> _byAddress = new();
    private long _dropped;
    private long _errors;
    private volatile bool _disposed;

    public UdpMediaPort(IPAddress listenAddress, int port, ILogger logger)
    {
        _logger = logger;
        _socket = new Socket(listenAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = 4 * 1024 * 1024,
            SendBufferSize = 4 * 1024 * 1024,
        };
        _socket.Bind(new IPEndPoint(listenAddress, port));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _thread = new Thread(ReceiveLoop) { IsBackground = true, Name = "media-udp", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams that matched no transport or no protocol.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Datagrams whose handling threw (a defect, logged; the loop goes on).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    internal void Register(WebRtcTransport transport) => _byUfrag[transport.Ice.Local.Ufrag] = transport;

    internal void Rename(string oldUfrag, WebRtcTransport transport)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, WebRtcTransport>(oldUfrag, transport));
        Register(transport);
    }

    /// <summary>Routes the address's DTLS and SRTP to the transport. Called only after an authenticated STUN request.</summary>
    internal void Bind(WebRtcTransport transport, SocketAddress address) => _byAddress[address] = transport;

    internal void Unbind(WebRtcTransport transport, SocketAddress address) =>
        _byAddress.TryRemove(new KeyValuePair<SocketAddress, WebRtcTransport>(address, transport));

    internal void Unregister(WebRtcTransport transport) =>
        _byUfrag.TryRemove(new KeyValuePair<string, WebRtcTransport>(transport.Ice.Local.Ufrag, transport));

    internal void Send(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
        }
        catch (SocketException e)
        {
            // ICMP unreachable from a peer that left surfaces here; the transport's consent will expire.
            _logger.LogDebug("UDP send failed: {Error}", e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[MaxDatagram];
        var from = new SocketAddress(_socket.AddressFamily);
        while (!_disposed)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }
            catch (Exception) when (_disposed)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "UDP receive failed");
                continue;
            }

            try
            {
                Dispatch(buffer, length, from);
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _errors);
                _logger.LogError(e, "Media datagram handling failed");
            }
        }
    }

    private void Dispatch(byte[] buffer, int length, SocketAddress from)
    {
        if (length == 0)
        {
            return;
        }

        var first = buffer[0];
        if (first < 4)
        {
            DispatchStun(buffer.AsSpan(0, length), from);
        }
        else if (first is >= 20 and <= 63 && _byAddress.TryGetValue(from, out var dtls))
        {
            dtls.OnDtls(buffer.AsSpan(0, length));
        }
        else if (first is >= 128 and <= 191 && _byAddress.TryGetValue(from, out var media))
        {
            media.OnMedia(buffer, length);
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private void DispatchStun(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (FindByUsername(datagram, out var message) is not { } transport)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        // The receive loop reuses its SocketAddress: the path keeps a copy, as the key it may be bound under.
        var address = new SocketAddress(from.Family, from.Size);
        from.Buffer.CopyTo(address.Buffer);
        var endPoint = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(address);
        transport.OnStun(message!, new UdpMediaPath(this, address, endPoint));
    }

    /// <summary>The transport a STUN request is for: RFC 8445 §7.2.2, USERNAME is "its-ufrag:peer-ufrag". The
    /// passive TCP listener asks the same question for a connection's first request.</summary>
    internal WebRtcTransport? FindByUsername(ReadOnlySpan<byte> datagram, out StunMessage? message)
    {
        if (StunMessage.TryParse(datagram, out message) != StunParseError.None || message!.Username is not { } username)
        {
            return null;
        }

        var colon = username.IndexOf(':', StringComparison.Ordinal);
        var ufrag = colon < 0 ? username : username[..colon];
        return _byUfrag.GetValueOrDefault(ufrag);
    }

    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
        _thread.Join(TimeSpan.FromSeconds(2));
    }
}
