using System.Globalization;
using System.Security.Cryptography;
using Mediation.Media.Transport;

namespace Mediation.Media.Sdp;

/// <summary>What our side puts into every answer.</summary>
public sealed record LocalParameters(string IceUfrag, string IcePwd, string Fingerprint, IReadOnlyList<LocalCandidate> Candidates, string CName);

/// <summary>An m-line both sides agreed on: the codec, the peer's SSRCs, and the SSRC we send with.</summary>
public sealed record NegotiatedMedia(
    string Mid, string Kind, RtpMap Codec, string? Fmtp, IReadOnlyList<uint> RemoteSsrcs, uint LocalSsrc,
    int? MidExtensionId, bool WeSend, bool WeReceive, int? AudioLevelExtensionId = null);

public sealed record NegotiatedSession(string RemoteIceUfrag, string RemoteIcePwd, string RemoteFingerprint, IReadOnlyList<NegotiatedMedia> Media, SessionDescription Answer);

/// <summary>What we send on an m-line the peer receives on: our SSRC and the msid (RFC 8830) that tells the peer which
/// remote stream (participant) and track the media belongs to.</summary>
public sealed record OutgoingTrack(uint Ssrc, string StreamId, string TrackId);

/// <summary>Chooses what to send on an m-line the peer offered to receive on (by mid and kind, with the codec chosen);
/// null answers it inactive: nothing to send there now.</summary>
public delegate OutgoingTrack? OutgoingTrackChooser(string mid, string kind, RtpMap codec);

/// <summary>
/// Answers a browser's non-trickle offer as an ICE-lite, DTLS-passive, BUNDLE + rtcp-mux endpoint (RFC 8829,
/// RFC 8843, RFC 8445 §2.5). Audio needs Opus (RFC 7874); video takes VP8, else H.264 with
/// packetization-mode=1, which phones need. Sections we cannot serve are rejected with port 0.
/// </summary>
public static class SdpAnswerer
{
    public const string MidExtensionUri = Rtp.HeaderExtensions.Mid;

    /// <summary>The offer's a=fingerprint (RFC 8122), session-level or of its first m-line: "algorithm hash".</summary>
    public static string? OfferedFingerprint(SessionDescription offer) =>
        offer.Attribute("fingerprint") ?? offer.Media.Select(m => m.Attribute("fingerprint")).FirstOrDefault(v => v is not null);

    /// <summary>Answers <paramref name="offer"/> with <paramref name="local"/>'s ICE, DTLS and candidates. For an SFU,
    /// <paramref name="outgoing"/> says what each m-line the peer receives on carries; without it (the echo) each such
    /// m-line gets a random SSRC of our own stream.</summary>

    public static bool TryAnswer(SessionDescription offer, LocalParameters local, out NegotiatedSession? session, out string error,
        OutgoingTrackChooser? outgoing = null)
    {
        session = null;
        var ufrag = offer.Attribute("ice-ufrag") ?? offer.Media.Select(m => m.Attribute("ice-ufrag")).FirstOrDefault(v => v is not null);
        var pwd = offer.Attribute("ice-pwd") ?? offer.Media.Select(m => m.Attribute("ice-pwd")).FirstOrDefault(v => v is not null);
        var fingerprint = OfferedFingerprint(offer);
        var setup = offer.Attribute("setup") ?? offer.Media.Select(m => m.Attribute("setup")).FirstOrDefault(v => v is not null) ?? "actpass";
        if (ufrag is null || pwd is null || ufrag.Length is < 4 or > 256 || pwd.Length is < 22 or > 256)
        {
            error = "The offer lacks valid ICE credentials (a=ice-ufrag, a=ice-pwd).";
            return false;
        }

        var fingerprintParts = fingerprint?.Split(' ', 2);
        if (fingerprintParts is not [var algorithm, var hash] || !algorithm.Equals("sha-256", StringComparison.OrdinalIgnoreCase))
        {
            error = "The offer needs a sha-256 a=fingerprint.";
            return false;
        }

        if (setup is not ("actpass" or "active"))
        {
            error = "We are always the DTLS server: the offer's a=setup must be actpass or active.";
            return false;
        }

        var answer = new SessionDescription { Origin = $"- {RandomNumberGenerator.GetInt32(1, int.MaxValue)} 2 IN IP4 127.0.0.1" };
        var negotiated = new List<NegotiatedMedia>();
        var bundle = new List<string>();
        foreach (var offered in offer.Media)
        {
            var mid = offered.Mid;
            var codec = mid is null || offered.Port == 0 || !offered.RtcpMux ? null : ChooseCodec(offered);
            if (codec is null)
            {
                answer.Media.Add(Rejected(offered));
                continue;
            }

            var (weSend, weReceive) = offered.Direction switch
            {
                "sendrecv" => (true, true),
                "sendonly" => (false, true),
                "recvonly" => (true, false),
                _ => (false, false),
            };
            var track = weSend && outgoing is not null ? outgoing(mid!, offered.Kind, codec) : null;
            if (outgoing is not null && track is null)
            {
                weSend = false;
            }

            var media = new NegotiatedMedia(mid!, offered.Kind, codec, offered.Fmtp(codec.PayloadType), [.. offered.PrimarySsrcs()],
                track?.Ssrc ?? (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue), offered.ExtensionId(MidExtensionUri), weSend, weReceive,
                offered.Kind == "audio" ? offered.ExtensionId(Rtp.HeaderExtensions.AudioLevel) : null);
            negotiated.Add(media);
            bundle.Add(mid!);
            answer.Media.Add(Accepted(offered, media, local, track));
        }

        if (negotiated.Count == 0)
        {
            error = "No audio or video section of the offer can be served (Opus, VP8 or H.264 packetization-mode=1 with rtcp-mux).";
            return false;
        }

        answer.Attributes.Add(new SdpAttribute("group", "BUNDLE " + string.Join(' ', bundle)));
        answer.Attributes.Add(new SdpAttribute("ice-lite", null));
        answer.Attributes.Add(new SdpAttribute("msid-semantic", " WMS *"));
        session = new NegotiatedSession(ufrag, pwd, hash, negotiated, answer);
        error = "";
        return true;
    }

    private static RtpMap? ChooseCodec(MediaDescription offered)
    {
        var maps = offered.RtpMaps().Where(m => offered.Formats.Contains(m.PayloadType.ToString(CultureInfo.InvariantCulture))).ToList();
        return offered.Kind switch
        {
            "audio" => maps.FirstOrDefault(m => m.Codec.Equals("opus", StringComparison.OrdinalIgnoreCase) && m.ClockRate == 48000),
            "video" => maps.FirstOrDefault(m => m.Codec.Equals("VP8", StringComparison.OrdinalIgnoreCase))
                ?? maps.Where(m => m.Codec.Equals("H264", StringComparison.OrdinalIgnoreCase) && (offered.Fmtp(m.PayloadType) ?? "").Contains("packetization-mode=1", StringComparison.Ordinal))
                    .OrderByDescending(m => (offered.Fmtp(m.PayloadType) ?? "").Contains("profile-level-id=42e01f", StringComparison.Ordinal))
                    .FirstOrDefault(),
            _ => null,
        };
    }

    private static MediaDescription Rejected(MediaDescription offered)
    {
        var rejected = new MediaDescription { Kind = offered.Kind, Port = 0, Protocol = offered.Protocol, Connection = "IN IP4 0.0.0.0" };
        rejected.Formats.AddRange(offered.Formats.Take(1));
        if (offered.Mid is { } mid)
        {
            rejected.Attributes.Add(new SdpAttribute("mid", mid));
        }

        rejected.Attributes.Add(new SdpAttribute("inactive", null));
        return rejected;
    }

    private static MediaDescription Accepted(MediaDescription offered, NegotiatedMedia media, LocalParameters local, OutgoingTrack? track)
    {
        var pt = media.Codec.PayloadType.ToString(CultureInfo.InvariantCulture);
        var m = new MediaDescription { Kind = offered.Kind, Port = 9, Protocol = offered.Protocol, Connection = "IN IP4 0.0.0.0" };
        m.Formats.Add(pt);
        var a = m.Attributes;
        a.Add(new SdpAttribute("mid", media.Mid));
        a.Add(new SdpAttribute((media.WeSend, media.WeReceive) switch
        {
            (true, true) => "sendrecv",
            (true, false) => "sendonly",
            (false, true) => "recvonly",
            _ => "inactive",
        }, null));
        a.Add(new SdpAttribute("ice-ufrag", local.IceUfrag));
        a.Add(new SdpAttribute("ice-pwd", local.IcePwd));
        a.Add(new SdpAttribute("fingerprint", "sha-256 " + local.Fingerprint));
        a.Add(new SdpAttribute("setup", "passive"));
        a.Add(new SdpAttribute("rtcp-mux", null));
        if (offered.Has("rtcp-rsize"))
        {
            a.Add(new SdpAttribute("rtcp-rsize", null));
        }

        if (media.MidExtensionId is { } extension)
        {
            a.Add(new SdpAttribute("extmap", $"{extension} {MidExtensionUri}"));
        }

        if (media.AudioLevelExtensionId is { } level)
        {
            // RFC 6464 levels in the publisher's packets: what active-speaker detection reads.
            a.Add(new SdpAttribute("extmap", $"{level} {Rtp.HeaderExtensions.AudioLevel}"));
        }

        var codec = media.Codec;
        a.Add(new SdpAttribute("rtpmap", codec.Channels > 1 ? $"{pt} {codec.Codec}/{codec.ClockRate}/{codec.Channels}" : $"{pt} {codec.Codec}/{codec.ClockRate}"));
        if (media.Fmtp is { } fmtp)
        {
            a.Add(new SdpAttribute("fmtp", $"{pt} {fmtp}"));
        }

        if (media.Kind == "video")
        {
            // RFC 4585 NACK and PLI, RFC 5104 FIR: what keeps a picture alive through loss and late joins.
            a.Add(new SdpAttribute("rtcp-fb", $"{pt} nack"));
            a.Add(new SdpAttribute("rtcp-fb", $"{pt} nack pli"));
            a.Add(new SdpAttribute("rtcp-fb", $"{pt} ccm fir"));
            // REMB (draft-alvestrand-rmcat-remb): the SFU caps what a publisher sends.
            a.Add(new SdpAttribute("rtcp-fb", $"{pt} goog-remb"));
        }

        if (media.WeSend)
        {
            var stream = track?.StreamId ?? "mediation-" + local.CName;
            var trackId = track?.TrackId ?? $"{media.Kind}-{media.Mid}";
            a.Add(new SdpAttribute("msid", $"{stream} {trackId}"));
            a.Add(new SdpAttribute("ssrc", $"{media.LocalSsrc} cname:{stream}"));
            a.Add(new SdpAttribute("ssrc", $"{media.LocalSsrc} msid:{stream} {trackId}"));
        }

        var foundation = 1;
        foreach (var candidate in local.Candidates)
        {
            // Host candidates only, component 1 (rtcp-mux). RFC 8445 §5.1.2.1: type preference 126 for UDP host;
            // RFC 6544 §4.2: TCP below UDP, local preference from the direction (passive: 4) — peers try UDP first.
            var (address, port) = (candidate.EndPoint.Address, candidate.EndPoint.Port);
            a.Add(candidate.Protocol == IceProtocol.Udp
                ? new SdpAttribute("candidate", $"{foundation++} 1 udp {(126u << 24) | (65535u << 8) | 255u} {address} {port} typ host")
                : new SdpAttribute("candidate", $"{foundation++} 1 tcp {(64u << 24) | (((4u << 13) | 8191u) << 8) | 255u} {address} {port} typ host tcptype passive"));
        }

        a.Add(new SdpAttribute("end-of-candidates", null));
        return m;
    }
}
