using System.Text;

namespace Mediation.Media.Sdp;

public sealed record SdpAttribute(string Name, string? Value)
{
    public override string ToString() => Value is null ? $"a={Name}" : $"a={Name}:{Value}";
}

/// <summary>
/// An SDP session description (RFC 8866) as browsers exchange it for WebRTC (RFC 8829): session lines, session
/// attributes, and media sections. <see cref="TryParse"/> refuses absurd input with a reason instead of throwing.
/// </summary>
public sealed class SessionDescription
{
    public const int MaxLength = 64 * 1024;
    public const int MaxMediaSections = 32;
    public const int MaxLineLength = 4096;

    public string Origin { get; set; } = "- 0 0 IN IP4 127.0.0.1";
    public string SessionName { get; set; } = "-";
    public string Timing { get; set; } = "0 0";
    public List<SdpAttribute> Attributes { get; } = [];
    public List<MediaDescription> Media { get; } = [];

    public IEnumerable<string> BundleGroup =>
        Attributes.Where(a => a.Name == "group" && a.Value is not null && a.Value.StartsWith("BUNDLE", StringComparison.Ordinal))
            .SelectMany(a => a.Value!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1));

    public string? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name)?.Value;

    public static bool TryParse(string? text, out SessionDescription? description, out string error)
    {
        description = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The SDP is empty.";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"The SDP is longer than {MaxLength} characters.";
            return false;
        }

        var result = new SessionDescription();
        MediaDescription? media = null;
        var sawVersion = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length > MaxLineLength || line.Length < 2 || line[1] != '=')
            {
                error = $"Malformed SDP line: '{Clip(line)}'.";
                return false;
            }

            var (type, value) = (line[0], line[2..]);
            if (!sawVersion)
            {
                if (type != 'v' || value != "0")
                {
                    error = "The SDP must start with v=0.";
                    return false;
                }

                sawVersion = true;
                continue;
            }

            switch (type)
            {
                case 'm':
                    if (result.Media.Count == MaxMediaSections)
                    {
                        error = $"More than {MaxMediaSections} media sections.";
                        return false;
                    }

                    if (!MediaDescription.TryParseMediaLine(value, out media))
                    {
                        error = $"Malformed media line: 'm={Clip(value)}'.";
                        return false;
                    }

                    result.Media.Add(media!);
                    break;
                case 'a':
                    var colon = value.IndexOf(':', StringComparison.Ordinal);
                    var attribute = colon < 0 ? new SdpAttribute(value, null) : new SdpAttribute(value[..colon], value[(colon + 1)..]);
                    (media?.Attributes ?? result.Attributes).Add(attribute);
                    break;
                case 'c':
                    if (media is not null)
                    {
                        media.Connection = value;
                    }

                    break;
                case 'o':
                    result.Origin = value;
                    break;
                case 's':
                    result.SessionName = value;
                    break;
                case 't':
                    result.Timing = value;
                    break;
                default:
                    break; // b=, i=, u=, e=, p=, k=, r=, z= carry nothing WebRTC negotiation needs
            }
        }

        if (!sawVersion)
        {
            error = "The SDP must start with v=0.";
            return false;
        }

        description = result;
        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("v=0\r\n");
        sb.Append("o=").Append(Origin).Append("\r\n");
        sb.Append("s=").Append(SessionName).Append("\r\n");
        sb.Append("t=").Append(Timing).Append("\r\n");
        foreach (var a in Attributes)
        {
            sb.Append(a).Append("\r\n");
        }

        foreach (var m in Media)
        {
            m.AppendTo(sb);
        }

        return sb.ToString();
    }

    private static string Clip(string line) => line.Length > 80 ? line[..80] + "…" : line;
}
