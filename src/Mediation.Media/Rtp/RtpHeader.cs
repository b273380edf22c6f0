using System.Buffers.Binary;

namespace Mediation.Media.Rtp;

/// <summary>
/// The fixed RTP header (RFC 3550 §5.1) with its CSRC list and header extension (RFC 8285), read in place from
/// a packet. <see cref="TryParse"/> never throws and allocates nothing.
/// </summary>
public readonly ref struct RtpHeader
{
    public const int FixedLength = 12;

    private readonly ReadOnlySpan<byte> _packet;

    private RtpHeader(ReadOnlySpan<byte> packet, int length, int extensionOffset, int extensionLength)
    {
        _packet = packet;
        Length = length;
        ExtensionOffset = extensionOffset;
        ExtensionLength = extensionLength;
    }

    /// <summary>Header length including CSRCs and the extension: where the payload starts.</summary>
    public int Length { get; }

    public bool Padding => (_packet[0] & 0x20) != 0;
    public bool HasExtension => (_packet[0] & 0x10) != 0;
    public int CsrcCount => _packet[0] & 0x0F;
    public bool Marker => (_packet[1] & 0x80) != 0;
    public byte PayloadType => (byte)(_packet[1] & 0x7F);
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_packet[2..]);
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]);
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[8..]);

    /// <summary>0xBEDE (one-byte form) or 0x100X (two-byte form), when <see cref="HasExtension"/>.</summary>
    public ushort ExtensionProfile => HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(_packet[(ExtensionOffset - 4)..]) : (ushort)0;

    /// <summary>Offset and length of the extension's elements (after its 4-byte header).</summary>
    public int ExtensionOffset { get; }
    public int ExtensionLength { get; }

    /// <summary>RTP (not RTCP) by RFC 5761 §4: version 2 and a payload type outside 64–95 once the marker is dropped.</summary>
    public static bool IsRtp(ReadOnlySpan<byte> packet) =>
        packet.Length >= FixedLength && (packet[0] & 0xC0) == 0x80 && (packet[1] & 0x7F) is < 64 or > 95;

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < FixedLength || (packet[0] & 0xC0) != 0x80)
        {
            return false;
        }

        var length = FixedLength + (4 * (packet[0] & 0x0F));
        if (packet.Length < length)
        {
            return false;
        }

        int extensionOffset = 0, extensionLength = 0;
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            extensionLength = 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]);
            extensionOffset = length + 4;
            length = extensionOffset + extensionLength;
            if (packet.Length < length)
            {
                return false;
            }
        }

        header = new RtpHeader(packet, length, extensionOffset, extensionLength);
        return true;
    }

    /// <summary>Finds a header extension element by its negotiated id (RFC 8285 §4.2 one-byte, §4.3 two-byte form).</summary>
    public bool TryGetExtension(int id, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!HasExtension || id <= 0)
        {
            return false;
        }

        var elements = _packet.Slice(ExtensionOffset, ExtensionLength);
        var profile = ExtensionProfile;
        var twoByte = (profile & 0xFFF0) == 0x1000;
        if (profile != 0xBEDE && !twoByte)
        {
            return false;
        }

        var i = 0;
        while (i < elements.Length)
        {
            if (elements[i] == 0)
            {
                i++; // padding
                continue;
            }

            int elementId, elementLength, headerSize;
            if (twoByte)
            {
                if (i + 2 > elements.Length)
                {
                    return false;
                }

                (elementId, elementLength, headerSize) = (elements[i], elements[i + 1], 2);
            }
            else
            {
                elementId = elements[i] >> 4;
                if (elementId == 15)
                {
                    return false; // reserved: stop parsing (RFC 8285 §4.2)
                }

                (elementLength, headerSize) = ((elements[i] & 0x0F) + 1, 1);
            }

            if (i + headerSize + elementLength > elements.Length)
            {
                return false;
            }

            if (elementId == id)
            {
                value = elements.Slice(i + headerSize, elementLength);
                return true;
            }

            i += headerSize + elementLength;
        }

        return false;
    }
}
