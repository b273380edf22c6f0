using System.Text.RegularExpressions;

namespace Mediation.Server.Hosting;

/// <summary>
/// Masks the secrets a log line must never carry, wherever they appear in its text: invite tokens (the fragment of a
/// /join link, or a token field), one-time codes and tracking numbers (after 验证码/查询码, or a code field), passwords,
/// authenticator secrets and recovery codes (otpauth URIs, secret/key fields), session cookies and bearer tokens. The
/// server never logs them on purpose; this is the net under a mistake, as <see cref="Domain.Privacy.PersonalDataMask"/>
/// is for phone and identity numbers.
/// </summary>
public static partial class SecretMask
{
    private const string Hidden = "***";

    /// <summary>Property names whose values are secrets whatever they look like.</summary>
    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    public static string Mask(string text)
    {
        if (string.IsNullOrEmpty(text) || !MayHoldSecret().IsMatch(text))
        {
            return text;
        }

        var masked = LinkToken().Replace(text, m => m.Groups["keep"].Value + Hidden);
        masked = ChineseCode().Replace(masked, m => m.Groups["keep"].Value + Hidden);
        masked = Field().Replace(masked, m => m.Groups["keep"].Value + Hidden);
        masked = OtpAuth().Replace(masked, "otpauth://" + Hidden);
        masked = CookieValue().Replace(masked, m => m.Groups["keep"].Value + Hidden);
        return Bearer().Replace(masked, m => m.Groups["keep"].Value + Hidden);
    }

    // A cheap gate on the hot logging path: every pattern below contains one of these.
    [GeneratedRegex(@"#|码|token|code|pass|secret|key|otpauth|cookie|med\.|__Host-|AspNetCore|bearer", RegexOptions.IgnoreCase)]
    private static partial Regex MayHoldSecret();

    // /join#<256-bit token>, and any other long URL fragment.
    [GeneratedRegex(@"(?<keep>#)[A-Za-z0-9_\-]{16,}")]
    private static partial Regex LinkToken();

    // 验证码123456, 验证码：123456, 查询码 AB12CD34.
    [GeneratedRegex(@"(?<keep>(?:验证码|查询码|校验码|动态码)\s*[:：]?\s*)[A-Za-z0-9]+")]
    private static partial Regex ChineseCode();

    // token=…, "code":"…", password: …, secret=…, recoveryCode, sharedKey, authenticatorKey (JSON, query strings, headers).
    [GeneratedRegex(@"(?<keep>""?\b(?:[A-Za-z_]*token|code|digits|password|passwd|pwd|secret|[A-Za-z_]*key|recovery[A-Za-z_]*)""?\s*[:=]\s*""?)[^""&\s,;}]+",
        RegexOptions.IgnoreCase)]
    private static partial Regex Field();

    [GeneratedRegex(@"otpauth://\S+", RegexOptions.IgnoreCase)]
    private static partial Regex OtpAuth();

    // med.staff=…, med.party=…, .AspNetCore.Identity.Application=…, __Host-…=….
    [GeneratedRegex(@"(?<keep>(?:med\.[A-Za-z]+|\.AspNetCore\.[A-Za-z0-9.]+|__Host-[A-Za-z0-9.\-]+)=)[^;\s]+")]
    private static partial Regex CookieValue();

    [GeneratedRegex(@"(?<keep>\bBearer\s+)\S+", RegexOptions.IgnoreCase)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"^(?:.*token|password|passwd|secret|sharedkey|authenticatorkey|recoverycodes?|cookie|authorization|otp|digits)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
