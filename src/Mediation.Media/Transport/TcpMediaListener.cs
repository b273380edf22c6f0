using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Mediation.Media.Transport;

/// <summary>
/// The passive ICE-TCP candidate (RFC 6544) on the media port's number, for networks that let no UDP through. A
/// browser opens a connection as the active side and frames everything with RFC 4571. The first frame must be a
/// STUN request naming one of our transports; until a check on it is authenticated nothing else is routed, and a
/// connection that stays silent or unauthenticated is closed.
/// </summary>
public sealed class TcpMediaListener : IDisposable
{
    private readonly Socket _listener;
    private readonly UdpMediaPort _transports;
    private readonly MediaOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<TcpMediaConnection, byte> _connections = new();
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _refused;

    /// <summary>Listens on <paramref name="port"/> over TCP; <paramref name="transports"/> (the UDP port's table of
    /// ufrags) is where a connection's first STUN request finds the transport it is for.</summary>
    public TcpMediaListener(IPAddress listenAddress, int port, UdpMediaPort transports, MediaOptions options, TimeProvider time, ILogger logger)
    {
        _transports = transports;
        _options = options;
        _time = time;
        _logger = logger;
        _listener = new Socket(listenAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(new IPEndPoint(listenAddress, port));
        _listener.Listen(512);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _ = AcceptLoopAsync();
    }

    public IPEndPoint LocalEndPoint { get; }
    public int ConnectionCount => _connections.Count;

    /// <summary>Connections refused at the limit, or closed for a protocol error, silence or no authentication.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                _logger.LogDebug("ICE-TCP accept failed: {Error}", e.SocketErrorCode);
                continue;
            }

            var address = ((IPEndPoint)socket.RemoteEndPoint!).Address;
            if (_connections.Count >= _options.MaxTcpConnections || !TryCount(address))
            {
                // One address holding many connections is not many browsers behind a NAT: each page opens one or two.
                Interlocked.Increment(ref _refused);
                socket.Dispose();
                continue;
            }

            socket.NoDelay = true;
            var connection = new TcpMediaConnection(socket, _transports, _time, _logger);
            _connections[connection] = 0;
            _ = RunAsync(connection, address);
        }
    }

    private bool TryCount(IPAddress address)
    {
        while (true)
        {
            var count = _perAddress.GetValueOrDefault(address);
            if (count >= _options.MaxTcpConnectionsPerAddress)
            {
                return false;
            }

            if (count == 0 ? _perAddress.TryAdd(address, 1) : _perAddress.TryUpdate(address, count + 1, count))
            {
                return true;
            }
        }
    }

    private void Uncount(IPAddress address)
    {
        while (true)
        {
            var count = _perAddress.GetValueOrDefault(address);
            if (count <= 1 ? _perAddress.TryRemove(new KeyValuePair<IPAddress, int>(address, count)) : _perAddress.TryUpdate(address, count - 1, count))
            {
                return;
            }
        }
    }

    private async Task RunAsync(TcpMediaConnection connection, IPAddress address)
    {
        try
        {
            if (!await connection.ReceiveAsync(_stopping.Token))
            {
                Interlocked.Increment(ref _refused);
            }
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            Uncount(address);
            connection.Dispose();
        }
    }

    /// <summary>Bytes of send buffers the open connections hold: none until a connection's first authenticated check.</summary>
    internal long BufferedCapacity => _connections.Keys.Sum(c => (long)c.BufferCapacity);

    /// <summary>Closes connections that never authenticated within the connect timeout, or whose peer fell silent
    /// for as long as ICE consent lasts (RFC 7675: a peer that wants the path checks it every few seconds).</summary>
    internal void Housekeep()
    {
        var now = _time.GetTimestamp();
        foreach (var connection in _connections.Keys)
        {
            var limit = connection.Authenticated ? Ice.IceLiteAgent.ConsentTimeout : _options.TcpAuthenticationTimeout;
            if (_time.GetElapsedTime(connection.LastReceivedTimestamp, now) > limit)
            {
                Interlocked.Increment(ref _refused);
                connection.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Dispose();
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
        }
    }
}

/// <summary>
/// One ICE-TCP connection: reads RFC 4571 frames and sorts them like the UDP port sorts datagrams (RFC 7983);
/// writes through a bounded buffer so that a slow peer loses packets, as on UDP, instead of holding up the
/// thread that forwards to everybody else. That buffer is made only once a check authenticated: until then the only
/// thing sent is a STUN answer, written at once, so an idle unauthenticated connection holds a few kilobytes.
/// </summary>
internal sealed class TcpMediaConnection : MediaPath, IDisposable
{
    /// <summary>Bytes waiting to be written before packets are dropped: about a second of a 2 Mbit/s stream.</summary>
    private const int SendCapacity = 256 * 1024;

    /// <summary>The largest STUN answer sent before authentication (a 401 or a success response is under 200 bytes).</summary>
    private const int StunAnswerLimit = 548;

    private readonly Socket _socket;
    private readonly UdpMediaPort _transports;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _sendGate = new();
    private byte[] _pending = [];
    private byte[] _writing = [];
    private int _pendingLength;
    private bool _flushing;
    private volatile WebRtcTransport? _transport;
    private long _lastReceived;
    private int _disposed;

    public TcpMediaConnection(Socket socket, UdpMediaPort transports, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        _transports = transports;
        _time = time;
        _logger = logger;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
        _lastReceived = time.GetTimestamp();
    }

    public override IceProtocol Protocol => IceProtocol.Tcp;
    public override IPEndPoint RemoteEndPoint { get; }
    public bool Authenticated { get; private set; }

    /// <summary>Bytes of send buffer held: 0 until the first authenticated check.</summary>
    public int BufferCapacity => _pending.Length + _writing.Length;
    public long LastReceivedTimestamp => Interlocked.Read(ref _lastReceived);
    public long SendDropped { get; private set; }

    /// <summary>Reads frames until the peer closes; false when the connection broke the protocol.</summary>
    public async Task<bool> ReceiveAsync(CancellationToken cancellationToken)
    {
        // Room after the largest packet for the SRTP tag, since sinks may rewrite and send on in place.
        var buffer = new byte[UdpMediaPort.MaxDatagram];
        var header = new byte[Rfc4571.HeaderLength];
        try
        {
            while (true)
            {
                if (!await ReadExactlyAsync(header, cancellationToken))
                {
                    return true;
                }

                var length = Rfc4571.ReadLength(header);
                if (length == 0 || length > buffer.Length)
                {
                    _logger.LogDebug("ICE-TCP {Remote}: frame of {Length} bytes; closing", RemoteEndPoint, length);
                    return false;
                }

                if (!await ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken))
                {
                    return true;
                }

                Interlocked.Exchange(ref _lastReceived, _time.GetTimestamp());
                if (!Dispatch(buffer, length))
                {
                    return false;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return true;
        }
    }

    private async ValueTask<bool> ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (destination.Length > 0)
        {
            var read = await _socket.ReceiveAsync(destination, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return false;
            }

            destination = destination[read..];
        }

        return true;
    }

    private bool Dispatch(byte[] buffer, int length)
    {
        var first = buffer[0];
        if (first < 4)
        {
            if (_transports.FindByUsername(buffer.AsSpan(0, length), out var message) is not { } target)
            {
                // RFC 6544 §7.2: a connection exists for ICE; one that names no transport of ours is not.
                return Authenticated;
            }

            target.OnStun(message!, this);
            return true;
        }

        var transport = _transport;
        if (transport is null)
        {
            // Nothing but STUN before a check is authenticated.
            return false;
        }

        if (first is >= 20 and <= 63)
        {
            transport.OnDtls(buffer.AsSpan(0, length));
        }
        else if (first is >= 128 and <= 191)
        {
            transport.OnMedia(buffer, length);
        }

        return true;
    }

    public override void Bind(WebRtcTransport transport)
    {
        lock (_sendGate)
        {
            if (_pending.Length == 0)
            {
                (_pending, _writing) = (new byte[SendCapacity], new byte[SendCapacity]);
            }

            _transport = transport;
            Authenticated = true;
        }
    }

    public override void Unbind(WebRtcTransport transport)
    {
        if (Interlocked.CompareExchange(ref _transport, null, transport) == transport && transport.State == TransportState.Closed)
        {
            Dispose();
        }
    }

    public override void Send(ReadOnlySpan<byte> packet)
    {
        lock (_sendGate)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            if (!Authenticated)
            {
                // A STUN answer on this connection's own receive loop (nothing else is sent before a check passes).
                SendUnbuffered(packet);
                return;
            }

            if (_pendingLength + Rfc4571.HeaderLength + packet.Length > _pending.Length)
            {
                SendDropped++;
                return;
            }

            _pendingLength += Rfc4571.Frame(packet, _pending.AsSpan(_pendingLength));
            if (_flushing)
            {
                return;
            }

            _flushing = true;
        }

        _ = FlushAsync();
    }

    private void SendUnbuffered(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > StunAnswerLimit)
        {
            SendDropped++;
            return;
        }

        Span<byte> frame = stackalloc byte[StunAnswerLimit + Rfc4571.HeaderLength];
        var length = Rfc4571.Frame(packet, frame);
        try
        {
            _socket.Send(frame[..length], SocketFlags.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Dispose();
        }
    }

    /// <summary>Writes what is pending, then what came meanwhile, until nothing is left; one flush at a time.</summary>
    private async Task FlushAsync()
    {
        try
        {
            while (true)
            {
                int length;
                lock (_sendGate)
                {
                    if (_pendingLength == 0)
                    {
                        _flushing = false;
                        return;
                    }

                    (_pending, _writing) = (_writing, _pending);
                    length = _pendingLength;
                    _pendingLength = 0;
                }

                var sent = 0;
                while (sent < length)
                {
                    sent += await _socket.SendAsync(_writing.AsMemory(sent, length - sent), SocketFlags.None);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _socket.Dispose();
    }
}
