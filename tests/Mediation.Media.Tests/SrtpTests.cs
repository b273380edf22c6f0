using System.Buffers.Binary;
using Mediation.Media.Srtp;

namespace Mediation.Media.Tests;

public class SrtpTests
{
    private static readonly byte[] B3MasterKey = Hex.Bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] B3MasterSalt = Hex.Bytes("0EC675AD498AFEEBB6960B3AABE6");

    [Fact]
    public void Rfc3711_B2_aes_counter_keystream()
    {
        using var cm = new AesCounterMode(Hex.Bytes("2B7E151628AED2A6ABF7158809CF4F3C"));
        var iv = Hex.Bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        var zeros = new byte[48];
        cm.Apply(iv, zeros);
        Assert.Equal(Hex.Bytes("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"), zeros);

        var late = new byte[48];
        var lateIv = (byte[])iv.Clone();
        lateIv[14] = 0xFE;
        lateIv[15] = 0xFF;
        cm.Apply(lateIv, late);
        Assert.Equal(Hex.Bytes("EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE 6A2CC3787889374FBEB4C81B17BA6C44"), late);
    }

    [Fact]
    public void Rfc3711_B3_key_derivation()
    {
        var key = new byte[16];
        var salt = new byte[14];
        var auth = new byte[94];
        SrtpKeyDerivation.Derive(B3MasterKey, B3MasterSalt, SrtpKeyDerivation.RtpEncryption, key);
        SrtpKeyDerivation.Derive(B3MasterKey, B3MasterSalt, SrtpKeyDerivation.RtpSalt, salt);
        SrtpKeyDerivation.Derive(B3MasterKey, B3MasterSalt, SrtpKeyDerivation.RtpAuthentication, auth);
        Assert.Equal(Hex.Bytes("C61E7A93744F39EE10734AFE3FF7A087"), key);
        Assert.Equal(Hex.Bytes("30CBBC08863D8C85D49DB34A9AE1"), salt);
        Assert.Equal(Hex.Bytes("""
            CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE E049646C43D9327AD175578EF7227098
            6371C10C9A369AC2F94A8C5FBCDDDC25 6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2
            """), auth);
    }

    [Fact]
    public void Gcm_key_derivation_pads_the_12_byte_salt()
    {
        var key = new byte[16];
        var salt = new byte[12];
        SrtpKeyDerivation.Derive(Hex.Bytes("000102030405060708090a0b0c0d0e0f"), Hex.Bytes("a0a1a2a3a4a5a6a7a8a9aaab"), SrtpKeyDerivation.RtpEncryption, key);
        SrtpKeyDerivation.Derive(Hex.Bytes("000102030405060708090a0b0c0d0e0f"), Hex.Bytes("a0a1a2a3a4a5a6a7a8a9aaab"), SrtpKeyDerivation.RtpSalt, salt);
        Assert.Equal(Hex.Bytes("077c6143cb221bc355ff23d5f984a16e"), key);
        Assert.Equal(Hex.Bytes("9af3e95364ebac9c99c5a7c4"), salt);
    }

    // libsrtp's reference packet (srtp_driver), keyed with the B.3 master key: the same bytes browsers produce.
    private static readonly byte[] ReferenceRtp = Hex.Bytes("800f1234decafbadcafebabe abababababababababababababababab");
    private static readonly byte[] ReferenceSrtp = Hex.Bytes("800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb");
    private static readonly byte[] ReferenceRtcp = Hex.Bytes("81c8000bcafebabe abababababababababababababababab");
    private static readonly byte[] ReferenceSrtcp = Hex.Bytes("81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798");

    [Fact]
    public void Aes_cm_hmac_sha1_80_protects_the_reference_packets_byte_for_byte()
    {
        using var sender = new SrtpContext(SrtpProfile.Aes128CmHmacSha1_80, B3MasterKey, B3MasterSalt);
        var buffer = new byte[100];
        ReferenceRtp.CopyTo(buffer, 0);
        var length = sender.ProtectRtp(buffer, ReferenceRtp.Length);
        Assert.Equal(ReferenceSrtp, buffer[..length]);

        ReferenceRtcp.CopyTo(buffer, 0);
        length = sender.ProtectRtcp(buffer, ReferenceRtcp.Length);
        Assert.Equal(ReferenceSrtcp, buffer[..length]);
    }

    [Fact]
    public void Aes_cm_hmac_sha1_80_unprotects_the_reference_packets()
    {
        using var receiver = new SrtpContext(SrtpProfile.Aes128CmHmacSha1_80, B3MasterKey, B3MasterSalt);
        var buffer = (byte[])ReferenceSrtp.Clone();
        Assert.Equal(SrtpError.None, receiver.UnprotectRtp(buffer, buffer.Length, out var plain));
        Assert.Equal(ReferenceRtp, buffer[..plain]);
        buffer = (byte[])ReferenceSrtcp.Clone();
        Assert.Equal(SrtpError.None, receiver.UnprotectRtcp(buffer, buffer.Length, out plain));
        Assert.Equal(ReferenceRtcp, buffer[..plain]);
    }

    private static readonly byte[] GcmKey = Hex.Bytes("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] GcmSalt = Hex.Bytes("517569642070726f2071756f"); // "Quid pro quo"

    // RFC 7714 §16.1.1.
    private static readonly byte[] GcmRtp = Hex.Bytes("""
        8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573
        """);
    private static readonly byte[] GcmSrtp = Hex.Bytes("""
        8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833
        899d7f27 beb16a91 52cf765e e4390cce
        """);

    // RFC 7714 §17.1: the RTCP packet and its protected form (SRTCP index 0x5d4).
    private static readonly byte[] GcmRtcp = Hex.Bytes("""
        81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef
        """);
    private static readonly byte[] GcmSrtcp = Hex.Bytes("""
        81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b
        c84aa458 96cf4d2f c5abf872 45d9eade 800005d4
        """);

    [Fact]
    public void Rfc7714_16_rtp_vector_protects_and_unprotects()
    {
        using var sender = SrtpContext.FromSessionKeys(SrtpProfile.AeadAes128Gcm, GcmKey, GcmSalt);
        var buffer = new byte[100];
        GcmRtp.CopyTo(buffer, 0);
        var length = sender.ProtectRtp(buffer, GcmRtp.Length);
        Assert.Equal(GcmSrtp, buffer[..length]);

        using var receiver = SrtpContext.FromSessionKeys(SrtpProfile.AeadAes128Gcm, GcmKey, GcmSalt);
        Assert.Equal(SrtpError.None, receiver.UnprotectRtp(buffer, length, out var plain));
        Assert.Equal(GcmRtp, buffer[..plain]);
    }

    [Fact]
    public void Rfc7714_17_rtcp_vector_unprotects()
    {
        using var receiver = SrtpContext.FromSessionKeys(SrtpProfile.AeadAes128Gcm, GcmKey, GcmSalt);
        var buffer = (byte[])GcmSrtcp.Clone();
        Assert.Equal(SrtpError.None, receiver.UnprotectRtcp(buffer, buffer.Length, out var plain));
        Assert.Equal(GcmRtcp, buffer[..plain]);
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void Rollover_at_sequence_wrap_keeps_packets_flowing(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var buffer = new byte[200];
            for (var i = 0; i < 20; i++)
            {
                var seq = (ushort)(65530 + i); // crosses 65535 -> 0: the ROC becomes 1
                var length = WriteRtp(buffer, seq, 0x1234);
                var protectedLength = sender.ProtectRtp(buffer, length);
                Assert.Equal(SrtpError.None, receiver.UnprotectRtp(buffer, protectedLength, out var plain));
                Assert.Equal(length, plain);
                Assert.Equal(seq, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)));
                Assert.All(buffer.AsSpan(12, plain - 12).ToArray(), b => Assert.Equal((byte)seq, b));
            }
        }
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void A_replayed_or_forged_packet_is_refused_and_moves_nothing(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var buffer = new byte[200];
            var length = sender.ProtectRtp(buffer, WriteRtp(buffer, 100, 7));
            var copy = buffer[..length];
            Assert.Equal(SrtpError.None, receiver.UnprotectRtp(buffer, length, out _));
            Assert.Equal(SrtpError.Replayed, receiver.UnprotectRtp(copy, copy.Length, out _));

            // A forged packet far ahead must not advance the window: the next genuine one still passes.
            var forged = new byte[200];
            var forgedLength = WriteRtp(forged, 30000, 7) + profile.RtpOverhead();
            Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtp(forged, forgedLength, out _));
            length = sender.ProtectRtp(buffer, WriteRtp(buffer, 101, 7));
            Assert.Equal(SrtpError.None, receiver.UnprotectRtp(buffer, length, out _));

            var rtcp = new byte[200];
            ReferenceRtcp.CopyTo(rtcp, 0);
            var rtcpLength = sender.ProtectRtcp(rtcp, ReferenceRtcp.Length);
            var rtcpCopy = rtcp[..rtcpLength];
            Assert.Equal(SrtpError.None, receiver.UnprotectRtcp(rtcp, rtcpLength, out _));
            Assert.Equal(SrtpError.Replayed, receiver.UnprotectRtcp(rtcpCopy, rtcpCopy.Length, out _));
            ReferenceRtcp.CopyTo(rtcp, 0);
            rtcpLength = sender.ProtectRtcp(rtcp, ReferenceRtcp.Length);
            rtcp[10] ^= 1;
            Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtcp(rtcp, rtcpLength, out _));
        }
    }

    [Fact]
    public void Packets_older_than_the_window_are_refused()
    {
        var (sender, receiver) = Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            var buffer = new byte[200];
            var old = new byte[200];
            var oldLength = sender.ProtectRtp(old, WriteRtp(old, 1, 9));
            var length = sender.ProtectRtp(buffer, WriteRtp(buffer, 200, 9));
            Assert.Equal(SrtpError.None, receiver.UnprotectRtp(buffer, length, out _));
            Assert.Equal(SrtpError.TooOld, receiver.UnprotectRtp(old, oldLength, out _));
        }
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void Garbage_never_throws(SrtpProfile profile)
    {
        var (_, receiver) = Pair(profile);
        using (receiver)
        {
            var random = new Random(3711);
            var buffer = new byte[1600];
            for (var i = 0; i < 5000; i++)
            {
                random.NextBytes(buffer);
                buffer[0] = (byte)((buffer[0] & 0x3F) | 0x80);
                var length = random.Next(0, buffer.Length);
                _ = receiver.UnprotectRtp(buffer, length, out _);
                _ = receiver.UnprotectRtcp(buffer, length, out _);
            }
        }
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void Only_an_authenticated_packet_makes_state_for_its_ssrc_and_only_up_to_the_cap(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            // Forged packets from a thousand SSRCs (RTP and RTCP): refused, and nothing is kept for any of them.
            var random = new Random(7);
            var buffer = new byte[200];
            for (var i = 0; i < 1000; i++)
            {
                var length = WriteRtp(buffer, (ushort)i, (uint)random.NextInt64(1, uint.MaxValue)) + profile.RtpOverhead();
                Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtp(buffer, length, out _));
                ReferenceRtcp.CopyTo(buffer, 0);
                BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), (uint)random.NextInt64(1, uint.MaxValue));
                buffer.AsSpan(ReferenceRtcp.Length, profile.RtcpOverhead()).Fill(0x80);
                Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtcp(buffer, ReferenceRtcp.Length + profile.RtcpOverhead(), out _));
            }

            Assert.Equal(0, receiver.StreamCount);

            // Genuine packets from more SSRCs than a context keeps: the first MaxStreams pass, the rest are refused as such.
            for (uint ssrc = 1; ssrc <= SrtpContext.MaxStreams + 6; ssrc++)
            {
                var length = sender.ProtectRtp(buffer, WriteRtp(buffer, 1, ssrc));
                var expected = ssrc <= SrtpContext.MaxStreams ? SrtpError.None : SrtpError.TooManyStreams;
                Assert.Equal(expected, receiver.UnprotectRtp(buffer, length, out _));
            }

            Assert.Equal(SrtpContext.MaxStreams, receiver.StreamCount);

            // The streams it keeps go on as before.
            var next = sender.ProtectRtp(buffer, WriteRtp(buffer, 2, 1));
            Assert.Equal(SrtpError.None, receiver.UnprotectRtp(buffer, next, out _));
        }
    }

    private static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProfile profile)
    {
        var key = Hex.Bytes("00112233445566778899aabbccddeeff");
        var salt = Hex.Bytes("0102030405060708090a0b0c0d0e")[..profile.SaltLength()];
        return (new SrtpContext(profile, key, salt), new SrtpContext(profile, key, salt));
    }

    private static int WriteRtp(byte[] buffer, ushort seq, uint ssrc)
    {
        buffer[0] = 0x80;
        buffer[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), seq * 3000u);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
        buffer.AsSpan(12, 100).Fill((byte)seq);
        return 112;
    }
}
