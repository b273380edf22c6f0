using System.ComponentModel.DataAnnotations;

namespace Mediation.Server.Invites;

/// <summary><c>Invites:*</c>.</summary>
public sealed class InviteOptions
{
    public const string Section = "Invites";

    /// <summary>How long an invite link stays usable.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The address parties reach the server at (e.g. https://tiaojie.example.gov.cn). Unset: the
    /// address of the request that created the invite.</summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary>Code requests one client address may make in an hour (SMS cost and abuse guard).</summary>
    [Range(1, 10_000)]
    public int CodeRequestsPerAddressPerHour { get; set; } = 20;

    /// <summary>Code verifications one client address may attempt in an hour.</summary>
    [Range(1, 10_000)]
    public int CodeVerificationsPerAddressPerHour { get; set; } = 60;

    /// <summary>Link for a token. The token travels in the fragment, which browsers never send to a server,
    /// so it stays out of access logs, proxies and Referer headers.</summary>
    public string LinkFor(string token, HttpRequest? request) => $"{BaseUrl(request)}/join#{token}";

    /// <summary>The address parties reach the platform at, without a trailing slash: configured, or the request's own.</summary>
    public string BaseUrl(HttpRequest? request) =>
        (PublicBaseUrl ?? (request is null ? "" : $"{request.Scheme}://{request.Host}{request.PathBase}")).TrimEnd('/');
}
