using System.Buffers.Binary;
using System.Security.Cryptography;
using Mediation.Media.Rtp;

namespace Mediation.Media.Srtp;

/// <summary>
/// One direction of SRTP and SRTCP for all SSRCs of a session (RFC 3711, RFC 7714): a sending context protects,
/// a receiving context unprotects. Packets are transformed in place in the caller's buffer, which must have
/// room for the tag; nothing is allocated per packet. Not thread-safe: each transport owns its two contexts and
/// uses each from one thread at a time.
/// </summary>
public sealed class SrtpContext : IDisposable
{
    /// <summary>SSRCs a context keeps state for. A browser sends a handful (audio, video, a shared screen, their RTX and
    /// RTCP senders); state is made only for a packet that authenticated, so a peer cannot grow it with forged SSRCs.</summary>
    public const int MaxStreams = 64;

    private const int MaxPacket = AesCounterMode.MaxLength;

    /// <summary>What an SSRC not seen yet reads as: never written, so unauthenticated packets change nothing.</summary>
    private static readonly SsrcState Unseen = new();

    private readonly SrtpProfile _profile;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;
    private readonly AesCounterMode? _rtpCm;
    private readonly AesCounterMode? _rtcpCm;
    private readonly IncrementalHash? _rtpHmac;
    private readonly IncrementalHash? _rtcpHmac;
    private readonly AesGcm? _rtpGcm;
    private readonly AesGcm? _rtcpGcm;
    private readonly Dictionary<uint, SsrcState> _streams = [];

    /// <summary>A context from the master key and salt that DTLS-SRTP exported (RFC 5764 §4.2).</summary>
    public SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
        : this(profile, SessionKeys.Derive(profile, masterKey, masterSalt))
    {
    }

    private SrtpContext(SrtpProfile profile, SessionKeys keys)
    {
        _profile = profile;
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
        if (profile == SrtpProfile.AeadAes128Gcm)
        {
            _rtpGcm = new AesGcm(keys.RtpKey, 16);
            _rtcpGcm = new AesGcm(keys.RtcpKey, 16);
        }
        else
        {
            _rtpCm = new AesCounterMode(keys.RtpKey);
            _rtcpCm = new AesCounterMode(keys.RtcpKey);
            _rtpHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtpAuth);
            _rtcpHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtcpAuth);
        }
    }

    /// <summary>A context from session keys given directly, as RFC 7714's test vectors give them.</summary>
    internal static SrtpContext FromSessionKeys(SrtpProfile profile, byte[] key, byte[] salt, byte[]? authKey = null) =>
        new(profile, new SessionKeys(key, salt, authKey ?? [], key, salt, authKey ?? []));

    public SrtpProfile Profile => _profile;

    /// <summary>Encrypts and authenticates the RTP packet in <paramref name="buffer"/>[..<paramref name="length"/>];
    /// returns the protected length, or -1 when the packet is malformed or too large for the buffer.</summary>
    public int ProtectRtp(Span<byte> buffer, int length)
    {
        if (length > MaxPacket || length + _profile.RtpOverhead() > buffer.Length || !RtpHeader.TryParse(buffer[..length], out var header))
        {
            return -1;
        }

        var headerLength = header.Length;
        var seq = header.SequenceNumber;
        var ssrc = header.Ssrc;
        var state = StateOf(ssrc);

        // Sender's rollover counter (RFC 3711 §3.3.1): a sequence number that wraps starts a new ROC.
        if (!state.SendStarted)
        {
            (state.SendStarted, state.HighestSeq) = (true, seq);
        }
        else if (seq < state.HighestSeq && state.HighestSeq - seq > 0x8000)
        {
            state.Roc++;
            state.HighestSeq = seq;
        }
        else if (seq > state.HighestSeq && seq - state.HighestSeq < 0x8000)
        {
            state.HighestSeq = seq;
        }

        var roc = seq > state.HighestSeq && seq - state.HighestSeq > 0x8000 ? state.Roc - 1 : state.Roc;
        return EncryptRtp(buffer, length, headerLength, ssrc, roc, seq);
    }

    /// <summary>Authenticates, replay-checks and decrypts an SRTP packet in place.</summary>
    public SrtpError UnprotectRtp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        var overhead = _profile.RtpOverhead();
        if (length > MaxPacket + overhead || length > buffer.Length)
        {
            return SrtpError.TooLarge;
        }

        if (!RtpHeader.TryParse(buffer[..length], out var header) || length < header.Length + overhead)
        {
            return SrtpError.Malformed;
        }

        var headerLength = header.Length;
        var seq = header.SequenceNumber;
        var ssrc = header.Ssrc;
        var state = _streams.GetValueOrDefault(ssrc) ?? Unseen;

        // Receiver's estimate of the sender's ROC (RFC 3711 Appendix A).
        var roc = state.Roc;
        if (state.ReceiveStarted)
        {
            if (state.HighestSeq < 0x8000)
            {
                if (seq - state.HighestSeq > 0x8000)
                {
                    roc = unchecked(state.Roc - 1);
                }
            }
            else if (state.HighestSeq - 0x8000 > seq)
            {
                roc = state.Roc + 1;
            }
        }

        var index = ((ulong)roc << 16) | seq;
        var replay = state.RtpWindow.Check(index);
        if (replay != SrtpError.None)
        {
            return replay;
        }

        if (!DecryptRtp(buffer, length, headerLength, ssrc, roc, seq, out plainLength))
        {
            return SrtpError.AuthenticationFailed;
        }

        // Only an authenticated packet moves the window and the ROC (RFC 3711 §3.3), and only it makes state.
        if (state == Unseen && !TryAdd(ssrc, out state))
        {
            return SrtpError.TooManyStreams;
        }

        state.RtpWindow.Accept(index);
        if (!state.ReceiveStarted)
        {
            (state.ReceiveStarted, state.HighestSeq, state.Roc) = (true, seq, roc);
        }
        else if (roc == state.Roc + 1)
        {
            (state.Roc, state.HighestSeq) = (roc, seq);
        }
        else if (roc == state.Roc && seq > state.HighestSeq)
        {
            state.HighestSeq = seq;
        }

        return SrtpError.None;
    }

    /// <summary>Encrypts and authenticates a (compound) RTCP packet in place; returns the protected length or -1.</summary>
    public int ProtectRtcp(Span<byte> buffer, int length)
    {
        if (length < 8 || length > MaxPacket || length + _profile.RtcpOverhead() > buffer.Length)
        {
            return -1;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        var state = StateOf(ssrc);
        // Counted before use, as libsrtp (inside every browser) does: the first packet carries index 1.
        state.SrtcpIndex = (state.SrtcpIndex + 1) & 0x7FFFFFFF;
        var index = state.SrtcpIndex;
        var eIndex = 0x80000000u | index;

        if (_profile == SrtpProfile.AeadAes128Gcm)
        {
            // RFC 7714 §9: header(8) || ciphertext || tag(16) || E|index; AAD = header(8) || E|index.
            Span<byte> nonce = stackalloc byte[12];
            RtcpNonce(ssrc, index, nonce);
            Span<byte> aad = stackalloc byte[12];
            buffer[..8].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[8..], eIndex);
            var body = buffer[8..length];
            _rtcpGcm!.Encrypt(nonce, body, body, buffer.Slice(length, 16), aad);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[(length + 16)..], eIndex);
            return length + 20;
        }

        // RFC 3711 §3.4: encrypt after the first 8 bytes, append E|index, authenticate all of it.
        Span<byte> iv = stackalloc byte[16];
        CounterIv(_rtcpSalt, ssrc, index, iv);
        _rtcpCm!.Apply(iv, buffer[8..length]);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], eIndex);
        _rtcpHmac!.AppendData(buffer[..(length + 4)]);
        Span<byte> mac = stackalloc byte[20];
        _rtcpHmac.GetHashAndReset(mac);
        mac[..10].CopyTo(buffer[(length + 4)..]);
        return length + 14;
    }

    public SrtpError UnprotectRtcp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        if (length > MaxPacket + 20 || length > buffer.Length)
        {
            return SrtpError.TooLarge;
        }

        if (length < 8 + _profile.RtcpOverhead())
        {
            return SrtpError.Malformed;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        var state = _streams.GetValueOrDefault(ssrc) ?? Unseen;
        uint eIndex;
        if (_profile == SrtpProfile.AeadAes128Gcm)
        {
            eIndex = BinaryPrimitives.ReadUInt32BigEndian(buffer[(length - 4)..]);
            var index = eIndex & 0x7FFFFFFF;
            var replay = state.RtcpWindow.Check(index);
            if (replay != SrtpError.None)
            {
                return replay;
            }

            Span<byte> nonce = stackalloc byte[12];
            RtcpNonce(ssrc, index, nonce);
            Span<byte> aad = stackalloc byte[12];
            buffer[..8].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[8..], eIndex);
            var bodyLength = length - 8 - 20;
            var body = buffer.Slice(8, bodyLength);
            try
            {
                _rtcpGcm!.Decrypt(nonce, body, buffer.Slice(8 + bodyLength, 16), body, aad);
            }
            catch (AuthenticationTagMismatchException)
            {
                return SrtpError.AuthenticationFailed;
            }

            if (state == Unseen && !TryAdd(ssrc, out state))
            {
                return SrtpError.TooManyStreams;
            }

            state.RtcpWindow.Accept(index);
            plainLength = 8 + bodyLength;
            return SrtpError.None;
        }

        var macAt = length - 10;
        eIndex = BinaryPrimitives.ReadUInt32BigEndian(buffer[(macAt - 4)..]);
        var srtcpIndex = eIndex & 0x7FFFFFFF;
        var check = state.RtcpWindow.Check(srtcpIndex);
        if (check != SrtpError.None)
        {
            return check;
        }

        _rtcpHmac!.AppendData(buffer[..macAt]);
        Span<byte> mac = stackalloc byte[20];
        _rtcpHmac.GetHashAndReset(mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..10], buffer.Slice(macAt, 10)))
        {
            return SrtpError.AuthenticationFailed;
        }

        if (state == Unseen && !TryAdd(ssrc, out state))
        {
            return SrtpError.TooManyStreams;
        }

        state.RtcpWindow.Accept(srtcpIndex);
        var plainEnd = macAt - 4;
        if ((eIndex & 0x80000000) != 0)
        {
            Span<byte> iv = stackalloc byte[16];
            CounterIv(_rtcpSalt, ssrc, srtcpIndex, iv);
            _rtcpCm!.Apply(iv, buffer[8..plainEnd]);
        }

        plainLength = plainEnd;
        return SrtpError.None;
    }

    public void Dispose()
    {
        _rtpCm?.Dispose();
        _rtcpCm?.Dispose();
        _rtpHmac?.Dispose();
        _rtcpHmac?.Dispose();
        _rtpGcm?.Dispose();
        _rtcpGcm?.Dispose();
    }

    private int EncryptRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, uint roc, ushort seq)
    {
        var payload = buffer[headerLength..length];
        if (_profile == SrtpProfile.AeadAes128Gcm)
        {
            // RFC 7714 §8: AAD is the header, the tag follows the ciphertext.
            Span<byte> nonce = stackalloc byte[12];
            RtpNonce(ssrc, roc, seq, nonce);
            _rtpGcm!.Encrypt(nonce, payload, payload, buffer.Slice(length, 16), buffer[..headerLength]);
            return length + 16;
        }

        Span<byte> iv = stackalloc byte[16];
        CounterIv(_rtpSalt, ssrc, ((ulong)roc << 16) | seq, iv);
        _rtpCm!.Apply(iv, payload);
        // RFC 3711 §4.2: the tag covers the packet and the ROC, which is not sent.
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], roc);
        _rtpHmac!.AppendData(buffer[..(length + 4)]);
        Span<byte> mac = stackalloc byte[20];
        _rtpHmac.GetHashAndReset(mac);
        mac[..10].CopyTo(buffer[length..]);
        return length + 10;
    }

    private bool DecryptRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, uint roc, ushort seq, out int plainLength)
    {
        if (_profile == SrtpProfile.AeadAes128Gcm)
        {
            plainLength = length - 16;
            Span<byte> nonce = stackalloc byte[12];
            RtpNonce(ssrc, roc, seq, nonce);
            var cipher = buffer[headerLength..plainLength];
            try
            {
                _rtpGcm!.Decrypt(nonce, cipher, buffer.Slice(plainLength, 16), cipher, buffer[..headerLength]);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                return false;
            }
        }

        plainLength = length - 10;
        Span<byte> tag = stackalloc byte[10];
        buffer.Slice(plainLength, 10).CopyTo(tag);
        _rtpHmac!.AppendData(buffer[..plainLength]);
        Span<byte> rocBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        _rtpHmac.AppendData(rocBytes);
        Span<byte> mac = stackalloc byte[20];
        _rtpHmac.GetHashAndReset(mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..10], tag))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[16];
        CounterIv(_rtpSalt, ssrc, ((ulong)roc << 16) | seq, iv);
        _rtpCm!.Apply(iv, buffer[headerLength..plainLength]);
        return true;
    }

    /// <summary>AES-CM IV (RFC 3711 §4.1.1): (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16).</summary>
    private static void CounterIv(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> iv)
    {
        iv.Clear();
        salt.CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (var i = 0; i < 6; i++)
        {
            iv[8 + i] ^= (byte)(index >> (8 * (5 - i)));
        }
    }

    /// <summary>RTP GCM IV (RFC 7714 §8.1): salt XOR (00 00 || SSRC || ROC || SEQ).</summary>
    private void RtpNonce(uint ssrc, uint roc, ushort seq, Span<byte> nonce)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], roc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], seq);
        for (var i = 0; i < 12; i++)
        {
            nonce[i] ^= _rtpSalt[i];
        }
    }

    /// <summary>RTCP GCM IV (RFC 7714 §9.1): salt XOR (00 00 || SSRC || 00 00 || 0 || SRTCP index).</summary>
    private void RtcpNonce(uint ssrc, uint index, Span<byte> nonce)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index & 0x7FFFFFFF);
        for (var i = 0; i < 12; i++)
        {
            nonce[i] ^= _rtcpSalt[i];
        }
    }

    /// <summary>How many SSRCs this context keeps state for.</summary>
    public int StreamCount => _streams.Count;

    /// <summary>State for an SSRC this side sends (its own streams, never more than it chose to send).</summary>
    private SsrcState StateOf(uint ssrc)
    {
        if (!_streams.TryGetValue(ssrc, out var state))
        {
            state = new SsrcState();
            _streams[ssrc] = state;
        }

        return state;
    }

    /// <summary>State for an SSRC whose first packet just authenticated, unless the context is full.</summary>
    private bool TryAdd(uint ssrc, out SsrcState state)
    {
        if (_streams.Count >= MaxStreams)
        {
            state = Unseen;
            return false;
        }

        state = new SsrcState();
        _streams[ssrc] = state;
        return true;
    }

    private sealed record SessionKeys(byte[] RtpKey, byte[] RtpSalt, byte[] RtpAuth, byte[] RtcpKey, byte[] RtcpSalt, byte[] RtcpAuth)
    {
        public static SessionKeys Derive(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
        {
            if (masterKey.Length != SrtpProfiles.KeyLength || masterSalt.Length != profile.SaltLength())
            {
                throw new ArgumentException($"{profile} needs a {SrtpProfiles.KeyLength}-byte key and a {profile.SaltLength()}-byte salt.");
            }

            var authLength = profile == SrtpProfile.AeadAes128Gcm ? 0 : 20;
            var (key, salt) = (masterKey.ToArray(), masterSalt.ToArray());
            byte[] Make(byte label, int length)
            {
                var output = new byte[length];
                SrtpKeyDerivation.Derive(key, salt, label, output);
                return output;
            }

            return new SessionKeys(
                Make(SrtpKeyDerivation.RtpEncryption, 16), Make(SrtpKeyDerivation.RtpSalt, profile.SaltLength()), Make(SrtpKeyDerivation.RtpAuthentication, authLength),
                Make(SrtpKeyDerivation.RtcpEncryption, 16), Make(SrtpKeyDerivation.RtcpSalt, profile.SaltLength()), Make(SrtpKeyDerivation.RtcpAuthentication, authLength));
        }
    }

    private sealed class SsrcState
    {
        public bool SendStarted;
        public bool ReceiveStarted;
        public uint Roc;
        public ushort HighestSeq;
        public uint SrtcpIndex;
        public ReplayWindow RtpWindow;
        public ReplayWindow RtcpWindow;
    }
}
