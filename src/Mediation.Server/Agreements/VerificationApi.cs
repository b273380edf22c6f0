using Mediation.Documents.Verification;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Mediation.Server.Agreements;

/// <summary>One signature as checked; <see cref="Timestamp"/>: its RFC 3161 timestamp (when an authority saw it), or
/// null when it has none.</summary>
public sealed record SignatureCheck(string Field, string SignerName, string? Role, string? CaseNumber, DateTimeOffset? SignedAt, bool Intact, bool Trusted,
    string? TrustProblem, bool CoversWholeDocument, bool ChangedAfter, IReadOnlyList<string> Chain, SignatureTimestamp? Timestamp);

public sealed record VerificationResult(bool Valid, bool ModifiedAfterLastSignature, IReadOnlyList<SignatureCheck> Signatures);

/// <summary>
/// Anyone holding a copy of a document (a party, a court, an employer's lawyer) uploads it and learns whether each
/// signature is intact, whose it is, when it was made, whether its certificate comes from this platform, and
/// whether the document changed after it. The answer reads the file alone; nothing is stored.
/// </summary>
public static class VerificationApi
{
    public const string RateLimitPolicy = "verify";

    internal static IEndpointRouteBuilder MapVerificationApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/verify", VerifyAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(RateLimitPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(PdfSignatureVerifier.MaxLength + (1024 * 1024)))
            .WithTags("Verification")
            .WithSummary("Checks the signatures of an uploaded PDF (the body, or a form's file field)");
        return app;
    }

    private static async Task<Results<Ok<VerificationResult>, ProblemHttpResult>> VerifyAsync(HttpRequest request, SigningKeyStore keys, CancellationToken ct)
    {
        byte[] bytes;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if (form.Files.Count == 0)
            {
                return Problems.Of(StatusCodes.Status400BadRequest, "verify-no-file", "Choose the PDF to check.");
            }

            bytes = await ReadAsync(form.Files[0].OpenReadStream(), ct);
        }
        else
        {
            bytes = await ReadAsync(request.Body, ct);
        }

        var report = new PdfSignatureVerifier(await keys.TrustedRootsAsync(ct)).Verify(bytes);
        if (report.Problem is { } problem)
        {
            return Problems.Of(problem == "verify-too-large" ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status422UnprocessableEntity, problem, problem switch
            {
                "verify-not-pdf" => "The file is not a PDF.",
                "verify-too-large" => "The file is too large to be a signed agreement.",
                _ => "The PDF has no signature.",
            });
        }

        return TypedResults.Ok(new VerificationResult(report.AllValid, report.ModifiedAfterLastSignature, report.Signatures
            .Select(s => new SignatureCheck(s.Field, s.SignerName, s.Role, s.CaseNumber, s.ClaimedTime, s.Intact, s.Trusted, s.TrustProblem, s.CoversWholeDocument,
                s.DisallowedChangeAfter, s.Chain, s.Timestamp))
            .ToList()));
    }

    /// <summary>At most one byte past the limit: enough to know the file is too large without reading all of it.</summary>
    private static async Task<byte[]> ReadAsync(Stream stream, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length <= PdfSignatureVerifier.MaxLength && (read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
