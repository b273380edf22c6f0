using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace Mediation.Media.Dtls;

/// <summary>
/// The datagram path BouncyCastle's blocking DTLS engine reads and writes. The shared UDP receive loop
/// <see cref="Deliver"/>s DTLS records into a bounded queue (never blocking the loop); the handshake thread
/// blocks in <see cref="Receive(Span{byte}, int)"/> on that queue, with no sleep-polling.
/// </summary>
public sealed class DtlsPacketChannel(Action<ReadOnlySpan<byte>> send, int mtu = 1200) : DatagramTransport
{
    private const int QueueLimit = 64;
    private readonly BlockingCollection<byte[]> _incoming = new(new ConcurrentQueue<byte[]>(), QueueLimit);
    private volatile bool _closed;

    /// <summary>Hands a received DTLS datagram to the engine; false (dropped) when the queue is full or closed.</summary>
    public bool Deliver(ReadOnlySpan<byte> datagram)
    {
        if (_closed)
        {
            return false;
        }

        try
        {
            return _incoming.TryAdd(datagram.ToArray());
        }
        catch (InvalidOperationException)
        {
            // Closed by another thread between the check and the add: the record is dropped, as after closing.
            return false;
        }
    }

    public int GetReceiveLimit() => mtu;

    public int GetSendLimit() => mtu - 28; // IPv4 + UDP headers

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (_closed)
        {
            throw new TlsTimeoutException("The DTLS channel is closed.");
        }

        try
        {
            if (!_incoming.TryTake(out var datagram, Math.Max(0, waitMillis)))
            {
                return -1;
            }

            var length = Math.Min(datagram.Length, buffer.Length);
            datagram.AsSpan(0, length).CopyTo(buffer);
            return length;
        }
        catch (ObjectDisposedException)
        {
            throw new TlsTimeoutException("The DTLS channel is closed.");
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (!_closed)
        {
            send(buffer);
        }
    }

    public void Close()
    {
        _closed = true;
        _incoming.CompleteAdding();
    }
}
