using System.Globalization;
using Mediation.Data;
using Mediation.Domain.Invites;
using Mediation.Domain.Privacy;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Invites;

/// <summary>What every one-time-code flow shares (joining by invite, applying online): the per-phone limit, the
/// answer to a sent code, and the problem for a code that did not pass.</summary>
internal static class OneTimeCodeSending
{
    /// <summary>429 with Retry-After when a code went to this phone too recently or too often; null when one may go.
    /// Signing codes are counted per document, apart from the others: a party who has just entered by code signs
    /// without waiting out the resend interval.</summary>
    public static async Task<ProblemHttpResult?> RefuseIfTooSoonAsync(
        MediationDbContext db, string phone, DateTime nowUtc, OneTimeCodeLimits limits, HttpContext http, CancellationToken ct, Guid? documentId = null)
    {
        var hourAgo = nowUtc - TimeSpan.FromHours(1);
        var recent = await db.OneTimeCodes.Where(c => c.Phone == phone && c.CreatedAtUtc > hourAgo && c.DocumentId == documentId).Select(c => c.CreatedAtUtc).ToListAsync(ct);
        var wait = limits.RetryAfter(recent, nowUtc);
        if (wait <= TimeSpan.Zero)
        {
            return null;
        }

        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Of(StatusCodes.Status429TooManyRequests, "code-rate-limited", "A code was sent to this phone too recently.",
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
    }

    public static CodeSent Sent(string phone, OneTimeCodeLimits limits) =>
        new(PersonalDataMask.MaskPhone(phone), (int)OneTimeCode.Lifetime.TotalSeconds, (int)limits.ResendInterval.TotalSeconds);

    /// <summary>The problem for a code that did not pass; null for an accepted one.</summary>
    public static ProblemHttpResult? ProblemFor(CodeCheck check, OneTimeCode code) => check switch
    {
        CodeCheck.Accepted => null,
        CodeCheck.Wrong => Problems.Of(StatusCodes.Status400BadRequest, "code-wrong", "The code is wrong.",
            extensions: new Dictionary<string, object?> { ["attemptsLeft"] = code.AttemptsLeft }),
        CodeCheck.TooManyAttempts => Problems.Of(StatusCodes.Status400BadRequest, "code-attempts-exhausted", "Too many wrong codes.", "Request a new code."),
        _ => Problems.Of(StatusCodes.Status400BadRequest, "code-expired", "The code has expired or was used.", "Request a new code."),
    };
}
