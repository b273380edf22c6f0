using Mediation.Media.Rtcp;
using Mediation.Media.Rtp;

namespace Mediation.Media.Tests;

public class RtpRtcpTests
{
    [Fact]
    public void The_fixed_header_and_a_one_byte_extension_are_read_in_place()
    {
        // RFC 9335 A.1.1's packet: one-byte extension with id 5 (two bytes 00 02).
        var packet = Hex.Bytes("900f1235 decafbad cafebabe bede0001 51000200 abababab abababab");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal(15, header.PayloadType);
        Assert.Equal(0x1235, header.SequenceNumber);
        Assert.Equal(0xdecafbadu, header.Timestamp);
        Assert.Equal(0xcafebabeu, header.Ssrc);
        Assert.Equal(20, header.Length);
        Assert.True(header.TryGetExtension(5, out var value));
        Assert.Equal(new byte[] { 0x00, 0x02 }, value.ToArray());
        Assert.False(header.TryGetExtension(6, out _));
    }

    [Fact]
    public void A_two_byte_extension_and_csrcs_are_read()
    {
        var packet = Hex.Bytes("920f1239 decafbad cafebabe 0001e240 0000b26e 10000001 05020002 abababab");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal(2, header.CsrcCount);
        Assert.Equal(28, header.Length);
        Assert.True(header.TryGetExtension(5, out var value));
        Assert.Equal(new byte[] { 0x00, 0x02 }, value.ToArray());
    }

    [Fact]
    public void Rtcp_and_rtp_are_told_apart_on_a_muxed_port()
    {
        Assert.True(RtcpHeader.IsRtcp(Hex.Bytes("81c8000bcafebabe")));
        Assert.False(RtcpHeader.IsRtcp(Hex.Bytes("800f1234decafbadcafebabe")));
        Assert.True(RtpHeader.IsRtp(Hex.Bytes("800f1234decafbadcafebabe")));
    }

    [Fact]
    public void A_compound_packet_is_walked_and_a_pli_found()
    {
        var compound = new byte[64];
        // RR with no report blocks, then a PLI.
        Hex.Bytes("81c90001 00000001").CopyTo(compound, 0);
        var pli = PictureLossIndication.Write(compound.AsSpan(8), 1, 0xcafebabe);
        var offset = 0;
        Assert.True(RtcpHeader.TryReadNext(compound.AsSpan(0, 8 + pli), ref offset, out var rr));
        Assert.Equal(RtcpPacketType.ReceiverReport, rr.PacketType);
        Assert.False(rr.IsKeyFrameRequest);
        Assert.True(RtcpHeader.TryReadNext(compound.AsSpan(0, 8 + pli), ref offset, out var feedback));
        Assert.True(feedback.IsKeyFrameRequest);
        Assert.Equal(1u, feedback.SenderSsrc);
        Assert.Equal(0xcafebabeu, feedback.MediaSsrc);
        Assert.False(RtcpHeader.TryReadNext(compound.AsSpan(0, 8 + pli), ref offset, out _));
    }

    [Fact]
    public void Random_bytes_never_throw_and_never_read_out_of_bounds()
    {
        var random = new Random(3550);
        var buffer = new byte[300];
        for (var i = 0; i < 50_000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = (byte)((buffer[0] & 0x3F) | 0x80);
            var data = buffer.AsSpan(0, random.Next(buffer.Length));
            if (RtpHeader.TryParse(data, out var header))
            {
                Assert.InRange(header.Length, 12, data.Length);
                for (var id = 1; id < 16; id++)
                {
                    _ = header.TryGetExtension(id, out _);
                }
            }

            var offset = 0;
            while (RtcpHeader.TryReadNext(data, ref offset, out var packet))
            {
                _ = packet.IsKeyFrameRequest;
                _ = packet.MediaSsrc;
            }
        }
    }
}
