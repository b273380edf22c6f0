using System.Globalization;
using System.Text;

namespace Mediation.Media.Sdp;

public sealed record RtpMap(int PayloadType, string Codec, int ClockRate, int Channels);

public sealed record SsrcAttribute(uint Ssrc, string Name, string? Value);

/// <summary>One m= section, with typed views of the attributes WebRTC negotiation uses.</summary>
public sealed class MediaDescription
{
    public string Kind { get; set; } = "audio";
    public int Port { get; set; } = 9;
    public string Protocol { get; set; } = "UDP/TLS/RTP/SAVPF";
    public List<string> Formats { get; } = [];
    public string? Connection { get; set; } = "IN IP4 0.0.0.0";
    public List<SdpAttribute> Attributes { get; } = [];

    public string? Mid => Attribute("mid");
    public bool RtcpMux => Has("rtcp-mux");

    /// <summary>sendrecv, sendonly, recvonly or inactive (default sendrecv, RFC 8866 §6.7).</summary>
    public string Direction => Attributes.Select(a => a.Name).LastOrDefault(n => n is "sendrecv" or "sendonly" or "recvonly" or "inactive") ?? "sendrecv";

    public string? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name)?.Value;

    public bool Has(string name) => Attributes.Any(a => a.Name == name);

    public IEnumerable<string> AttributeValues(string name) => Attributes.Where(a => a.Name == name && a.Value is not null).Select(a => a.Value!);

    public IEnumerable<RtpMap> RtpMaps()
    {
        foreach (var value in AttributeValues("rtpmap"))
        {
            // "111 opus/48000/2"
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0 || !int.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var pt))
            {
                continue;
            }

            var parts = value[(space + 1)..].Split('/');
            if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var clock))
            {
                continue;
            }

            var channels = parts.Length > 2 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 1;
            yield return new RtpMap(pt, parts[0], clock, channels);
        }
    }

    /// <summary>The fmtp parameters of a payload type, e.g. "profile-level-id=42e01f;packetization-mode=1".</summary>
    public string? Fmtp(int payloadType) => ValueFor("fmtp", payloadType);

    public IEnumerable<string> RtcpFeedback(int payloadType) =>
        AttributeValues("rtcp-fb").Where(v => v.StartsWith(payloadType.ToString(CultureInfo.InvariantCulture) + " ", StringComparison.Ordinal) || v.StartsWith("* ", StringComparison.Ordinal))
            .Select(v => v[(v.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

    /// <summary>extmap id for a header-extension URI (RFC 8285 §8), or null.</summary>
    public int? ExtensionId(string uri)
    {
        foreach (var value in AttributeValues("extmap"))
        {
            var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[1] == uri && int.TryParse(parts[0].Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return id;
            }
        }

        return null;
    }

    public IEnumerable<SsrcAttribute> Ssrcs()
    {
        foreach (var value in AttributeValues("ssrc"))
        {
            // "1234 cname:abc" or "1234 msid:stream track"
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            var idText = space < 0 ? value : value[..space];
            if (!uint.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var ssrc))
            {
                continue;
            }

            var rest = space < 0 ? "" : value[(space + 1)..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            yield return colon < 0 ? new SsrcAttribute(ssrc, rest, null) : new SsrcAttribute(ssrc, rest[..colon], rest[(colon + 1)..]);
        }
    }

    /// <summary>The primary SSRCs: those not named second in an FID (RTX) group.</summary>
    public IEnumerable<uint> PrimarySsrcs()
    {
        var repairs = AttributeValues("ssrc-group").Where(v => v.StartsWith("FID ", StringComparison.Ordinal))
            .Select(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length >= 3)
            .Select(p => uint.TryParse(p[2], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0)
            .ToHashSet();
        return Ssrcs().Select(s => s.Ssrc).Distinct().Where(s => !repairs.Contains(s));
    }

    internal static bool TryParseMediaLine(string value, out MediaDescription? media)
    {
        media = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || !int.TryParse(parts[1].Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return false;
        }

        media = new MediaDescription { Kind = parts[0], Port = port, Protocol = parts[2], Connection = null };
        media.Formats.AddRange(parts.Skip(3));
        return true;
    }

    internal void AppendTo(StringBuilder sb)
    {
        sb.Append("m=").Append(Kind).Append(' ').Append(Port.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Protocol);
        foreach (var f in Formats)
        {
            sb.Append(' ').Append(f);
        }

        sb.Append("\r\n");
        if (Connection is not null)
        {
            sb.Append("c=").Append(Connection).Append("\r\n");
        }

        foreach (var a in Attributes)
        {
            sb.Append(a).Append("\r\n");
        }
    }

    private string? ValueFor(string name, int payloadType)
    {
        var prefix = payloadType.ToString(CultureInfo.InvariantCulture) + " ";
        return AttributeValues(name).FirstOrDefault(v => v.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }
}
