using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Mediation.Media.Stun;

/// <summary>
/// A parsed STUN message (RFC 8489). Parsing copies the datagram once and records where each attribute lies;
/// it never throws on bad bytes. STUN arrives about once a second per peer, so clarity wins over zero-copy here.
/// </summary>
public sealed class StunMessage
{
    public const uint MagicCookie = 0x2112A442;
    public const int HeaderLength = 20;
    private const uint FingerprintXor = 0x5354554E;

    private readonly byte[] _bytes;
    private readonly List<(ushort Type, int Offset, int Length)> _attributes;

    private StunMessage(byte[] bytes, List<(ushort, int, int)> attributes)
    {
        _bytes = bytes;
        _attributes = attributes;
    }

    public ushort MessageType => BinaryPrimitives.ReadUInt16BigEndian(_bytes);
    public ushort Method => (ushort)((MessageType & 0x000F) | ((MessageType & 0x00E0) >> 1) | ((MessageType & 0x3E00) >> 2));
    public StunClass Class => (StunClass)(((MessageType >> 4) & 0x1) | ((MessageType >> 7) & 0x2));
    public ReadOnlySpan<byte> TransactionId => _bytes.AsSpan(8, 12);
    public ReadOnlySpan<byte> Bytes => _bytes;
    public IEnumerable<ushort> AttributeTypes => _attributes.Select(a => a.Type);

    /// <summary>RFC 7983: STUN starts with 0–3, and RFC 8489 §6 adds the magic cookie.</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderLength && datagram[0] < 4 && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;

    public static StunParseError TryParse(ReadOnlySpan<byte> datagram, out StunMessage? message)
    {
        message = null;
        if (datagram.Length < HeaderLength)
        {
            return StunParseError.TooShort;
        }

        if (!LooksLikeStun(datagram))
        {
            return StunParseError.NotStun;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (length % 4 != 0 || HeaderLength + length != datagram.Length)
        {
            return StunParseError.BadLength;
        }

        var attributes = new List<(ushort, int, int)>();
        var offset = HeaderLength;
        var sawFingerprint = false;
        while (offset < datagram.Length)
        {
            if (sawFingerprint)
            {
                return StunParseError.AttributeAfterFingerprint;
            }

            if (offset + 4 > datagram.Length)
            {
                return StunParseError.BadAttribute;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(datagram[offset..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            var padded = (valueLength + 3) & ~3;
            if (offset + 4 + padded > datagram.Length)
            {
                return StunParseError.BadAttribute;
            }

            attributes.Add((type, offset + 4, valueLength));
            sawFingerprint = type == StunAttributeType.Fingerprint;
            offset += 4 + padded;
        }

        message = new StunMessage(datagram.ToArray(), attributes);
        return StunParseError.None;
    }

    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        foreach (var (t, offset, length) in _attributes)
        {
            if (t == type)
            {
                value = _bytes.AsSpan(offset, length);
                return true;
            }

            // RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY (but FINGERPRINT) are not protected: ignore them.
            if (t == StunAttributeType.MessageIntegrity && type != StunAttributeType.Fingerprint)
            {
                break;
            }
        }

        value = default;
        return false;
    }

    public bool Has(ushort type) => TryGetAttribute(type, out _);

    public string? Username => TryGetAttribute(StunAttributeType.Username, out var v) ? Encoding.UTF8.GetString(v) : null;

    public uint? Priority => TryGetAttribute(StunAttributeType.Priority, out var v) && v.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(v) : null;

    public ulong? IceControlling => TryGetAttribute(StunAttributeType.IceControlling, out var v) && v.Length == 8 ? BinaryPrimitives.ReadUInt64BigEndian(v) : null;

    public ulong? IceControlled => TryGetAttribute(StunAttributeType.IceControlled, out var v) && v.Length == 8 ? BinaryPrimitives.ReadUInt64BigEndian(v) : null;

    public (int Code, string Reason)? Error
    {
        get
        {
            if (!TryGetAttribute(StunAttributeType.ErrorCode, out var v) || v.Length < 4)
            {
                return null;
            }

            return ((v[2] & 0x7) * 100 + v[3], Encoding.UTF8.GetString(v[4..]));
        }
    }

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2): port XOR the cookie's high half, address XOR cookie (and transaction id for IPv6).</summary>
    public IPEndPoint? XorMappedAddress
    {
        get
        {
            if (!TryGetAttribute(StunAttributeType.XorMappedAddress, out var v) || v.Length < 8)
            {
                return null;
            }

            var port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(v[2..]) ^ (MagicCookie >> 16));
            Span<byte> address = stackalloc byte[16];
            Span<byte> mask = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32BigEndian(mask, MagicCookie);
            TransactionId.CopyTo(mask[4..]);
            var length = v[1] switch { 0x01 => 4, 0x02 => 16, _ => 0 };
            if (length == 0 || v.Length < 4 + length)
            {
                return null;
            }

            for (var i = 0; i < length; i++)
            {
                address[i] = (byte)(v[4 + i] ^ mask[i]);
            }

            return new IPEndPoint(new IPAddress(address[..length]), port);
        }
    }

    /// <summary>FINGERPRINT (RFC 8489 §14.7): CRC-32 of everything before it, XOR 0x5354554E. False when absent.</summary>
    public bool VerifyFingerprint()
    {
        var last = _attributes.Count > 0 ? _attributes[^1] : default;
        if (last.Type != StunAttributeType.Fingerprint || last.Length != 4)
        {
            return false;
        }

        var headerAt = last.Offset - 4;
        var expected = Crc32.Compute(_bytes.AsSpan(0, headerAt)) ^ FingerprintXor;
        return BinaryPrimitives.ReadUInt32BigEndian(_bytes.AsSpan(last.Offset)) == expected;
    }

    /// <summary>MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to the attribute, with the
    /// header's length as if the message ended right after it. False when absent.</summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        var index = _attributes.FindIndex(a => a.Type == StunAttributeType.MessageIntegrity);
        if (index < 0 || _attributes[index].Length != 20)
        {
            return false;
        }

        var (_, offset, _) = _attributes[index];
        var covered = offset - 4;
        var copy = covered <= 1024 ? stackalloc byte[covered] : new byte[covered];
        _bytes.AsSpan(0, covered).CopyTo(copy);
        BinaryPrimitives.WriteUInt16BigEndian(copy[2..], (ushort)(covered - HeaderLength + 24));
        Span<byte> mac = stackalloc byte[20];
        HMACSHA1.HashData(key, copy, mac);
        return CryptographicOperations.FixedTimeEquals(mac, _bytes.AsSpan(offset, 20));
    }

    internal static ushort ComposeType(ushort method, StunClass @class)
    {
        var c = (int)@class;
        return (ushort)((method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
    }
}
