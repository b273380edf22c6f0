namespace Mediation.Media.Transport;

/// <summary>What one transport has seen, for the server's metrics and the pre-call test's verdict.</summary>
public sealed class TransportCounters
{
    private long _packetsReceived;
    private long _bytesReceived;
    private long _packetsSent;
    private long _bytesSent;
    private long _srtpFailures;
    private long _handshakeFailures;
    private long _stunRequests;
    private long _dropped;

    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);
    public long PacketsSent => Interlocked.Read(ref _packetsSent);
    public long BytesSent => Interlocked.Read(ref _bytesSent);
    public long SrtpFailures => Interlocked.Read(ref _srtpFailures);
    public long HandshakeFailures => Interlocked.Read(ref _handshakeFailures);
    public long StunRequests => Interlocked.Read(ref _stunRequests);
    public long Dropped => Interlocked.Read(ref _dropped);

    internal void Received(int bytes)
    {
        Interlocked.Increment(ref _packetsReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    internal void Sent(int bytes)
    {
        Interlocked.Increment(ref _packetsSent);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    internal void Add(TransportCounters other)
    {
        Interlocked.Add(ref _packetsReceived, other.PacketsReceived);
        Interlocked.Add(ref _bytesReceived, other.BytesReceived);
        Interlocked.Add(ref _packetsSent, other.PacketsSent);
        Interlocked.Add(ref _bytesSent, other.BytesSent);
        Interlocked.Add(ref _srtpFailures, other.SrtpFailures);
        Interlocked.Add(ref _handshakeFailures, other.HandshakeFailures);
        Interlocked.Add(ref _stunRequests, other.StunRequests);
        Interlocked.Add(ref _dropped, other.Dropped);
    }

    internal void SrtpFailed() => Interlocked.Increment(ref _srtpFailures);
    internal void HandshakeFailed() => Interlocked.Increment(ref _handshakeFailures);
    internal void StunRequest() => Interlocked.Increment(ref _stunRequests);
    internal void Drop() => Interlocked.Increment(ref _dropped);
}
