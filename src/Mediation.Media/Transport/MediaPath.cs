using System.Net;

namespace Mediation.Media.Transport;

/// <summary>The transport protocol of an ICE candidate (RFC 8445 §5.1.1, RFC 6544 for TCP).</summary>
public enum IceProtocol
{
    Udp,
    Tcp,
}

/// <summary>A host candidate the server announces in its answers.</summary>
public sealed record LocalCandidate(IPEndPoint EndPoint, IceProtocol Protocol);

/// <summary>
/// The way back to one peer: an address on the shared UDP port, or a TCP connection on the passive ICE-TCP
/// listener. An authenticated STUN check selects it (RFC 8445 §7.3); the transport sends DTLS and SRTP over it.
/// </summary>
internal abstract class MediaPath
{
    public abstract IceProtocol Protocol { get; }
    public abstract IPEndPoint RemoteEndPoint { get; }

    /// <summary>Sends one packet; a full or closed path drops it, as a network would.</summary>
    public abstract void Send(ReadOnlySpan<byte> packet);

    /// <summary>Routes what arrives on this path to <paramref name="transport"/> from now on.</summary>
    public abstract void Bind(WebRtcTransport transport);

    /// <summary>Stops routing to <paramref name="transport"/> (a newer path was selected, or it closed).</summary>
    public abstract void Unbind(WebRtcTransport transport);
}

internal sealed class UdpMediaPath(UdpMediaPort port, SocketAddress address, IPEndPoint remote) : MediaPath
{
    public override IceProtocol Protocol => IceProtocol.Udp;
    public override IPEndPoint RemoteEndPoint => remote;
    public override void Send(ReadOnlySpan<byte> packet) => port.Send(packet, address);
    public override void Bind(WebRtcTransport transport) => port.Bind(transport, address);
    public override void Unbind(WebRtcTransport transport) => port.Unbind(transport, address);
}
