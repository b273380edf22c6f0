using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Cases;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Cases;

public sealed record RecordEntryRequest(RecordEntryKind Kind, Guid? PartyId, string Text, Guid Version);
public sealed record RecordLine(int Sequence, RecordEntryKind Kind, Guid? PartyId, string? PartyName, string Text, DateTime AtUtc, PartySide? PrivateTo);
public sealed record MediationRecord(string CaseNumber, string Subject, string OrganizationName, string? MediatorName, string Place,
    IReadOnlyList<PartyView> Parties, IReadOnlyList<RecordLine> Lines, Guid Version);

/// <summary>The 调解笔录 (人民调解法 art. 27; 在线调解规则 art. 22): staff on the case add lines as the mediation goes;
/// the parties read it to check before they sign.</summary>
public static class CaseRecordApi
{
    internal static RouteGroupBuilder MapCaseRecord(this RouteGroupBuilder cases)
    {
        cases.MapGet("/{caseId:guid}/record", GetAsync).RequireAuthorization(Policies.StaffOrParty);
        cases.MapPost("/{caseId:guid}/record/entries", AddAsync).RequireAuthorization(Policies.Staff);
        return cases;
    }

    private static async Task<Results<Ok<MediationRecord>, ProblemHttpResult>> GetAsync(
        Guid caseId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, StatutoryDeadlines deadlines, TimeProvider time, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct, CaseAccessMode.Read);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        return TypedResults.Ok(await ReadAsync(grant, db, deadlines, time, ct));
    }

    private static async Task<Results<Created<MediationRecord>, ProblemHttpResult>> AddAsync(
        Guid caseId, RecordEntryRequest request, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, StatutoryDeadlines deadlines,
        TimeProvider time, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        if (request.Version != grant.Case.Version)
        {
            return Problems.StaleVersion("case-version-conflict", "case");
        }

        var result = grant.Case.AddRecordEntry(request.Kind, request.PartyId, request.Text ?? "", user.FindFirstValue(ClaimTypes.NameIdentifier)!, time.GetUtcNow().UtcDateTime);
        if (!result.IsOk)
        {
            return Problems.Of(result.ErrorCode == "record-closed" ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, result.ErrorCode!, result.Message!);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Problems.StaleVersion("case-version-conflict", "case");
        }

        return TypedResults.Created($"/api/cases/{caseId}/record", await ReadAsync(grant, db, deadlines, time, ct));
    }

    private static async Task<MediationRecord> ReadAsync(CaseAccessGrant grant, MediationDbContext db, StatutoryDeadlines deadlines, TimeProvider time, CancellationToken ct)
    {
        var detail = await CaseApi.DetailAsync(grant, db, deadlines, time, ct);
        var names = grant.Case.Parties.ToDictionary(p => p.Id, p => p.Name);
        var lines = await db.CaseRecordEntries.Where(e => e.CaseId == grant.Case.Id).OrderBy(e => e.Sequence).ToListAsync(ct);
        if (grant.Role == CaseRole.Party)
        {
            // What one side said with the mediator in private (背对背) is not the other side's to read.
            var side = grant.Case.Parties.First(p => p.Id == grant.PartyId).Side;
            lines = [.. lines.Where(l => l.PrivateTo is null || l.PrivateTo == side)];
        }

        return new MediationRecord(detail.Case.Number, detail.Case.Subject, detail.OrganizationName, detail.Case.MediatorName, "线上（调解在线平台）",
            detail.Case.Parties,
            [.. lines.Select(l => new RecordLine(l.Sequence, l.Kind, l.PartyId, l.PartyId is { } id ? names.GetValueOrDefault(id) : null, l.Text, l.AtUtc, l.PrivateTo))],
            grant.Case.Version);
    }
}
