using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Mediation.Media.Stun;

/// <summary>Writes a STUN message attribute by attribute; MESSAGE-INTEGRITY and FINGERPRINT go last, in that order.</summary>
public sealed class StunMessageBuilder
{
    private readonly byte[] _buffer = new byte[1280];
    private int _length = StunMessage.HeaderLength;

    public StunMessageBuilder(ushort method, StunClass @class, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != 12)
        {
            throw new ArgumentException("A STUN transaction id has 12 bytes.", nameof(transactionId));
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer, StunMessage.ComposeType(method, @class));
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(4), StunMessage.MagicCookie);
        transactionId.CopyTo(_buffer.AsSpan(8));
    }

    public static byte[] NewTransactionId() => RandomNumberGenerator.GetBytes(12);

    public StunMessageBuilder Add(ushort type, ReadOnlySpan<byte> value)
    {
        var padded = (value.Length + 3) & ~3;
        if (_length + 4 + padded > _buffer.Length)
        {
            throw new InvalidOperationException("The STUN message would exceed 1280 bytes.");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length + 2), (ushort)value.Length);
        value.CopyTo(_buffer.AsSpan(_length + 4));
        _buffer.AsSpan(_length + 4 + value.Length, padded - value.Length).Clear();
        _length += 4 + padded;
        SetLength(_length - StunMessage.HeaderLength);
        return this;
    }

    public StunMessageBuilder AddUsername(string username) => Add(StunAttributeType.Username, Encoding.UTF8.GetBytes(username));

    public StunMessageBuilder AddSoftware(string software) => Add(StunAttributeType.Software, Encoding.UTF8.GetBytes(software));

    public StunMessageBuilder AddPriority(uint priority)
    {
        Span<byte> v = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(v, priority);
        return Add(StunAttributeType.Priority, v);
    }

    public StunMessageBuilder AddUseCandidate() => Add(StunAttributeType.UseCandidate, []);

    public StunMessageBuilder AddIceControlling(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlling, tieBreaker);

    public StunMessageBuilder AddIceControlled(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlled, tieBreaker);

    public StunMessageBuilder AddErrorCode(int code, string reason)
    {
        var text = Encoding.UTF8.GetBytes(reason);
        Span<byte> v = stackalloc byte[4 + text.Length];
        v[..2].Clear();
        v[2] = (byte)(code / 100);
        v[3] = (byte)(code % 100);
        text.CopyTo(v[4..]);
        return Add(StunAttributeType.ErrorCode, v);
    }

    public StunMessageBuilder AddXorMappedAddress(IPEndPoint endPoint)
    {
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        var raw = address.GetAddressBytes();
        Span<byte> v = stackalloc byte[4 + raw.Length];
        v[0] = 0;
        v[1] = address.AddressFamily == AddressFamily.InterNetwork ? (byte)1 : (byte)2;
        BinaryPrimitives.WriteUInt16BigEndian(v[2..], (ushort)(endPoint.Port ^ (StunMessage.MagicCookie >> 16)));
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
        _buffer.AsSpan(8, 12).CopyTo(mask[4..]);
        for (var i = 0; i < raw.Length; i++)
        {
            v[4 + i] = (byte)(raw[i] ^ mask[i]);
        }

        return Add(StunAttributeType.XorMappedAddress, v);
    }

    /// <summary>HMAC-SHA1 with the short-term key (the ICE password) over the message so far (RFC 8489 §14.5).</summary>
    public StunMessageBuilder AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        SetLength(_length - StunMessage.HeaderLength + 24);
        Span<byte> mac = stackalloc byte[20];
        HMACSHA1.HashData(key, _buffer.AsSpan(0, _length), mac);
        return Add(StunAttributeType.MessageIntegrity, mac);
    }

    public StunMessageBuilder AddFingerprint()
    {
        SetLength(_length - StunMessage.HeaderLength + 8);
        Span<byte> v = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(v, Crc32.Compute(_buffer.AsSpan(0, _length)) ^ 0x5354554E);
        return Add(StunAttributeType.Fingerprint, v);
    }

    public byte[] Build() => _buffer.AsSpan(0, _length).ToArray();

    private StunMessageBuilder AddUInt64(ushort type, ulong value)
    {
        Span<byte> v = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(v, value);
        return Add(type, v);
    }

    private void SetLength(int length) => BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), (ushort)length);
}
