using System.Net;
using Mediation.Media.Sdp;
using Mediation.Media.Transport;

namespace Mediation.Media.Tests;

public class SdpTests
{
    private static readonly LocalParameters Local = new("srvU", "serverpasswordserverpwd", "AA:BB", [new LocalCandidate(new IPEndPoint(IPAddress.Loopback, 5090), IceProtocol.Udp), new LocalCandidate(new IPEndPoint(IPAddress.Loopback, 5090), IceProtocol.Tcp)], "cname1");

    private static SessionDescription Parse(string sdp)
    {
        Assert.True(SessionDescription.TryParse(sdp, out var description, out var error), error);
        return description!;
    }

    [Fact]
    public void A_chrome_offer_parses_into_its_sections()
    {
        var offer = Parse(ChromeOffer.Sdp);
        Assert.Equal(["0", "1", "2"], offer.BundleGroup);
        Assert.Equal(["audio", "video", "application"], offer.Media.Select(m => m.Kind));
        var video = offer.Media[1];
        Assert.Equal("1", video.Mid);
        Assert.True(video.RtcpMux);
        Assert.Equal(new RtpMap(96, "VP8", 90000, 1), video.RtpMaps().First());
        Assert.Equal(["goog-remb", "nack", "nack pli"], video.RtcpFeedback(96));
        Assert.Equal(4, video.ExtensionId(SdpAnswerer.MidExtensionUri));
        Assert.Equal([2001u], video.PrimarySsrcs()); // 2002 is the RTX repair stream of the FID group
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", video.Fmtp(102));
        Assert.Equal(new RtpMap(111, "opus", 48000, 2), offer.Media[0].RtpMaps().First());
    }

    [Fact]
    public void The_answer_is_ice_lite_passive_bundled_and_names_only_our_candidates()
    {
        Assert.True(SdpAnswerer.TryAnswer(Parse(ChromeOffer.Sdp), Local, out var session, out var error), error);
        var answer = session!.Answer.ToString();
        Assert.Equal("Hc3q", session.RemoteIceUfrag);
        Assert.StartsWith("7B:8B", session.RemoteFingerprint, StringComparison.Ordinal);

        var parsed = Parse(answer);
        Assert.Equal(["0", "1"], parsed.BundleGroup);
        Assert.Contains(parsed.Attributes, a => a.Name == "ice-lite");
        Assert.Equal(3, parsed.Media.Count);
        Assert.Equal(0, parsed.Media[2].Port); // the data channel is declined
        foreach (var m in parsed.Media.Take(2))
        {
            Assert.Equal("passive", m.Attribute("setup"));
            Assert.Equal("srvU", m.Attribute("ice-ufrag"));
            Assert.Equal("sha-256 AA:BB", m.Attribute("fingerprint"));
            Assert.True(m.RtcpMux);
            // RFC 6544 §4.2: the passive TCP candidate ranks below UDP (type preference 64, direction passive).
            Assert.Equal(["1 1 udp 2130706431 127.0.0.1 5090 typ host", "2 1 tcp 1084227583 127.0.0.1 5090 typ host tcptype passive"], m.AttributeValues("candidate"));
            Assert.Single(m.Formats);
        }

        Assert.DoesNotContain("192.0.2.10", answer, StringComparison.Ordinal);
        Assert.Equal("opus", session.Media[0].Codec.Codec);
        Assert.Equal("VP8", session.Media[1].Codec.Codec);
        Assert.Equal([1001u], session.Media[0].RemoteSsrcs);
        Assert.Contains("96 nack pli", parsed.Media[1].AttributeValues("rtcp-fb"));
    }

    [Fact]
    public void Without_vp8_the_answer_takes_h264_packetization_mode_1()
    {
        var withoutVp8 = ChromeOffer.Sdp.Replace("a=rtpmap:96 VP8/90000\r\n", "", StringComparison.Ordinal);
        Assert.True(SdpAnswerer.TryAnswer(Parse(withoutVp8), Local, out var session, out var error), error);
        Assert.Equal(new RtpMap(102, "H264", 90000, 1), session!.Media[1].Codec);
        Assert.Contains("packetization-mode=1", session.Media[1].Fmtp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\n", "", "sha-256")]
    [InlineData("a=setup:actpass", "a=setup:passive", "DTLS server")]
    [InlineData("a=ice-pwd:7v8PLCnbCVu0/rXh6RaMtVbE", "a=ice-pwd:short", "ICE credentials")]
    [InlineData("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 speex/48000", "")]
    public void Offers_we_cannot_serve_are_refused_with_a_reason(string find, string replace, string reason)
    {
        var sdp = ChromeOffer.Sdp.Replace(find, replace, StringComparison.Ordinal);
        if (reason.Length == 0)
        {
            // Audio without Opus is declined, video still answered.
            Assert.True(SdpAnswerer.TryAnswer(Parse(sdp), Local, out var session, out _));
            Assert.Equal(0, session!.Answer.Media[0].Port);
            return;
        }

        Assert.False(SdpAnswerer.TryAnswer(Parse(sdp), Local, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("m=audio 9 RTP/AVP 0\r\n")]
    [InlineData("v=0\r\nm=audio notaport RTP/AVP 0\r\n")]
    [InlineData("v=0\r\nxyz\r\n")]
    public void Malformed_sdp_is_refused(string sdp) => Assert.False(SessionDescription.TryParse(sdp, out _, out _));

    [Fact]
    public void Absurd_sizes_are_refused()
    {
        Assert.False(SessionDescription.TryParse("v=0\r\n" + new string('a', SessionDescription.MaxLength), out _, out var tooLong));
        Assert.Contains("longer", tooLong, StringComparison.Ordinal);
        var many = "v=0\r\n" + string.Concat(Enumerable.Repeat("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n", SessionDescription.MaxMediaSections + 1));
        Assert.False(SessionDescription.TryParse(many, out _, out var tooMany));
        Assert.Contains("media sections", tooMany, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutated_offers_never_throw()
    {
        var random = new Random(8866);
        var source = ChromeOffer.Sdp.ToCharArray();
        for (var i = 0; i < 3000; i++)
        {
            var copy = (char[])source.Clone();
            for (var flips = random.Next(1, 20); flips > 0; flips--)
            {
                copy[random.Next(copy.Length)] = (char)random.Next(1, 128);
            }

            var text = new string(copy, 0, random.Next(copy.Length));
            if (SessionDescription.TryParse(text, out var offer, out _))
            {
                _ = SdpAnswerer.TryAnswer(offer!, Local, out _, out _);
                _ = offer!.ToString();
            }
        }
    }
}
