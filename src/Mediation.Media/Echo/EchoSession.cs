using System.Buffers.Binary;
using Mediation.Media.Rtcp;
using Mediation.Media.Rtp;
using Mediation.Media.Sdp;
using Mediation.Media.Transport;

namespace Mediation.Media.Echo;

/// <summary>
/// Sends a peer's own media back to it: each RTP packet leaves with the SSRC we announced for its m-line, and a
/// key-frame request the peer makes of our stream is passed on to its own sender, so a decoder that lost the
/// picture gets one back at once.
/// </summary>
public sealed class EchoSession : IMediaSink
{
    private readonly Dictionary<uint, NegotiatedMedia> _byRemoteSsrc = [];
    private readonly Dictionary<uint, uint> _remoteByLocal = [];
    private readonly IReadOnlyList<NegotiatedMedia> _media;
    private readonly byte[] _rtcp = new byte[64];

    public EchoSession(IReadOnlyList<NegotiatedMedia> media)
    {
        _media = media;
        foreach (var m in media)
        {
            foreach (var ssrc in m.RemoteSsrcs)
            {
                _byRemoteSsrc[ssrc] = m;
                _remoteByLocal.TryAdd(m.LocalSsrc, ssrc);
            }
        }
    }

    public void OnRtp(WebRtcTransport transport, byte[] buffer, int length)
    {
        if (!RtpHeader.TryParse(buffer.AsSpan(0, length), out var header))
        {
            transport.Counters.Drop();
            return;
        }

        var ssrc = header.Ssrc;
        if (!_byRemoteSsrc.TryGetValue(ssrc, out var media))
        {
            // An SSRC the offer did not list: the MID header extension says which m-line it belongs to (RFC 8843 §9.2).
            media = Learn(header, ssrc);
            if (media is null)
            {
                transport.Counters.Drop();
                return;
            }
        }

        if (!media.WeSend)
        {
            return;
        }

        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), media.LocalSsrc);
        transport.SendRtp(buffer, length);
    }

    public void OnRtcp(WebRtcTransport transport, ReadOnlySpan<byte> compound)
    {
        var offset = 0;
        while (RtcpHeader.TryReadNext(compound, ref offset, out var packet))
        {
            if (packet.IsKeyFrameRequest && _remoteByLocal.TryGetValue(packet.MediaSsrc, out var remote))
            {
                var length = PictureLossIndication.Write(_rtcp, packet.MediaSsrc, remote);
                transport.SendRtcp(_rtcp, length);
            }
        }
    }

    private NegotiatedMedia? Learn(RtpHeader header, uint ssrc)
    {
        foreach (var m in _media)
        {
            if (m.MidExtensionId is { } id && header.TryGetExtension(id, out var mid) && HeaderExtensions.ReadMid(mid) == m.Mid)
            {
                _byRemoteSsrc[ssrc] = m;
                _remoteByLocal[m.LocalSsrc] = ssrc;
                return m;
            }
        }

        return null;
    }
}
