using System.Buffers.Binary;

namespace Mediation.Media.Rtcp;

/// <summary>Picture Loss Indication (RFC 4585 §6.3.1): "send me a key frame".</summary>
public static class PictureLossIndication
{
    public const int Length = 12;

    public static int Write(Span<byte> buffer, uint senderSsrc, uint mediaSsrc)
    {
        RtcpWriter.WriteHeader(buffer, RtcpFeedbackFormat.PictureLossIndication, RtcpPacketType.PayloadFeedback, Length);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], mediaSsrc);
        return Length;
    }
}
