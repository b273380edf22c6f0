using System.Buffers.Binary;
using System.Text;

namespace Mediation.Media.Rtp;

/// <summary>The RTP header extensions WebRTC negotiates (a=extmap), and readers for their values.</summary>
public static class HeaderExtensions
{
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string TransportWideSequence = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>RFC 8843 §15.1: the m-line's mid, as ASCII.</summary>
    public static string? ReadMid(ReadOnlySpan<byte> value) => value.IsEmpty ? null : Encoding.ASCII.GetString(value);

    /// <summary>RFC 6464: voice activity flag and level in -dBov (0 loudest, 127 silence).</summary>
    public static bool TryReadAudioLevel(ReadOnlySpan<byte> value, out bool voice, out int level)
    {
        (voice, level) = (false, 127);
        if (value.Length < 1)
        {
            return false;
        }

        (voice, level) = ((value[0] & 0x80) != 0, value[0] & 0x7F);
        return true;
    }

    /// <summary>abs-send-time: 24-bit 6.18 fixed-point seconds, as microseconds within its 64-second cycle.</summary>
    public static bool TryReadAbsSendTime(ReadOnlySpan<byte> value, out long micros)
    {
        micros = 0;
        if (value.Length < 3)
        {
            return false;
        }

        var raw = (value[0] << 16) | (value[1] << 8) | value[2];
        micros = (raw * 1_000_000L) >> 18;
        return true;
    }

    public static bool TryReadTransportWideSequence(ReadOnlySpan<byte> value, out ushort sequence)
    {
        sequence = 0;
        if (value.Length < 2)
        {
            return false;
        }

        sequence = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }
}
