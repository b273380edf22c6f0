using System.Security.Claims;
using System.Security.Cryptography;
using Mediation.Data;
using Mediation.Domain.Cases;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Cases;

public sealed record EvidenceView(Guid Id, string FileName, string ContentType, long Size, string Sha256, string UploadedBy, Guid? PartyId, DateTime UploadedAtUtc);

/// <summary>Evidence files of a case: staff on the case and its parties file and read them; each file's SHA-256 is
/// recorded at filing and checked again on every read.</summary>
public static class EvidenceApi
{
    internal static RouteGroupBuilder MapEvidence(this RouteGroupBuilder cases, long maxBytes)
    {
        // Multipart form posts carry no JSON content type, but the cookies are SameSite=Strict, so a form on
        // another site cannot post with them: no antiforgery token is needed.
        cases.MapPost("/{caseId:guid}/evidence", UploadAsync).RequireAuthorization(Policies.StaffOrParty).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + (1024 * 1024)));
        cases.MapGet("/{caseId:guid}/evidence", ListAsync).RequireAuthorization(Policies.StaffOrParty);
        cases.MapGet("/{caseId:guid}/evidence/{evidenceId:guid}/content", DownloadAsync).RequireAuthorization(Policies.StaffOrParty);
        return cases;
    }

    private static async Task<Results<Created<EvidenceView>, ProblemHttpResult>> UploadAsync(
        Guid caseId, IFormFile? file, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, DocumentStore store,
        Microsoft.Extensions.Options.IOptions<EvidenceOptions> options, TimeProvider time, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        if (file is null)
        {
            return Problems.Validation("Choose a file.", "file", "required", "A file is required.");
        }

        var byParty = grant.Role == CaseRole.Party;
        var filed = await db.EvidenceFiles.Where(e => e.CaseId == caseId)
            .GroupBy(e => 1).Select(g => new { Files = g.Count(), Bytes = g.Sum(e => e.Size), OfParty = g.Count(e => byParty && e.PartyId == grant.PartyId) })
            .FirstOrDefaultAsync(ct) ?? new { Files = 0, Bytes = 0L, OfParty = 0 };
        var quota = options.Value.Quota;
        Domain.DomainResult Room(long size) => EvidencePolicy.CheckRoom(grant.Case.Status, filed.Files, filed.Bytes, filed.OfParty, size, byParty, quota);
        if (Room(0) is { IsOk: false } full)
        {
            return Problems.Refused(full, "case-closed", "evidence-quota");
        }

        var max = options.Value.MaxBytes;
        await using var stream = file.OpenReadStream();
        var stored = await store.SaveAsync(stream, Path.Combine("evidence", caseId.ToString("N")), max, ct);
        if (stored is null)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "evidence-size", $"Evidence files may be up to {max / (1024 * 1024)} MB.");
        }

        var result = EvidencePolicy.Check(Path.GetFileName(file.FileName), stored.Size, stored.Head, max, out var contentType);
        result = result.IsOk ? Room(stored.Size) : result;
        if (!result.IsOk && result.ErrorCode == "evidence-quota")
        {
            store.Delete(stored.Path);
            return Problems.Refused(result, "evidence-quota");
        }

        if (!result.IsOk)
        {
            store.Delete(stored.Path);
            return Problems.Of(StatusCodes.Status400BadRequest, result.ErrorCode!, result.Message!);
        }

        var actor = grant.Role == CaseRole.Party ? $"party:{grant.PartyId}" : user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var evidence = grant.Case.AddEvidence(Path.GetFileName(file.FileName), contentType, stored.Size, stored.Sha256, stored.Path, actor, grant.PartyId, time.GetUtcNow().UtcDateTime);
        db.EvidenceFiles.Add(evidence);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/cases/{caseId}/evidence/{evidence.Id}/content", View(evidence));
    }

    private static async Task<Results<Ok<List<EvidenceView>>, ProblemHttpResult>> ListAsync(
        Guid caseId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct, CaseAccessMode.Read);
        if (check.Result is not Ok<CaseAccessGrant>)
        {
            return (ProblemHttpResult)check.Result;
        }

        var files = await db.EvidenceFiles.Where(e => e.CaseId == caseId).OrderBy(e => e.UploadedAtUtc).ToListAsync(ct);
        return TypedResults.Ok(files.Select(View).ToList());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid caseId, Guid evidenceId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, DocumentStore store, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct, CaseAccessMode.Read);
        if (check.Result is not Ok<CaseAccessGrant>)
        {
            return (ProblemHttpResult)check.Result;
        }

        var evidence = await db.EvidenceFiles.FirstOrDefaultAsync(e => e.Id == evidenceId && e.CaseId == caseId, ct);
        if (evidence is null)
        {
            return Problems.NotFound("evidence-not-found", "The case has no such evidence.");
        }

        var bytes = await store.ReadAsync(evidence.StoragePath, ct);
        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != evidence.Sha256)
        {
            return Problems.Of(StatusCodes.Status500InternalServerError, "evidence-altered", "The stored file no longer matches the hash recorded when it was filed.");
        }

        return TypedResults.File(bytes, evidence.ContentType, evidence.FileName);
    }

    private static EvidenceView View(EvidenceFile e) => new(e.Id, e.FileName, e.ContentType, e.Size, e.Sha256, e.UploadedBy, e.PartyId, e.UploadedAtUtc);
}

/// <summary><c>Evidence:*</c>.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    public long MaxBytes { get; set; } = EvidencePolicy.DefaultMaxBytes;
    public int MaxFilesPerCase { get; set; } = new EvidenceQuota().MaxFilesPerCase;
    public long MaxBytesPerCase { get; set; } = new EvidenceQuota().MaxBytesPerCase;
    public int MaxFilesPerParty { get; set; } = new EvidenceQuota().MaxFilesPerParty;

    public EvidenceQuota Quota => new(MaxFilesPerCase, MaxBytesPerCase, MaxFilesPerParty);
}
