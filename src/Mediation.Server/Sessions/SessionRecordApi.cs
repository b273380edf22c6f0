using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Sessions;
using Mediation.Server.Access;
using Mediation.Server.Agreements;
using Mediation.Server.Hosting;
using Mediation.Server.Invites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Sessions;

/// <summary>A session's 调解笔录 to confirm: when the session ended, who signs where and who has.</summary>
public sealed record SessionRecordView(Guid Id, Guid SessionId, DateTime? OpenedAtUtc, DateTime? EndedAtUtc, IReadOnlyList<SignatureSlotView> Slots, bool Confirmed,
    string DocumentSha256);

/// <summary>
/// The records of a case's ended sessions, read and signed like the agreement (在线调解规则 art. 22): each party
/// admitted to the session with the code sent to its own phone, the mediator with the password. The version in a
/// request is the agreement's notion; a record has one, and it is ignored.
/// </summary>
public static class SessionRecordApi
{
    internal static IEndpointRouteBuilder MapSessionRecords(this IEndpointRouteBuilder app)
    {
        var records = app.MapGroup("/api/cases/{caseId:guid}/records").WithTags("Sessions");
        records.MapGet("", ListAsync).RequireAuthorization(Policies.StaffOrParty)
            .WithSummary("The 调解笔录 of each ended session, newest first (made at the end), with who signs where and who has");
        records.MapGet("/{recordId:guid}/document", DocumentAsync).RequireAuthorization(Policies.StaffOrParty)
            .WithSummary("A session record's PDF with every signature given so far");
        records.MapPost("/{recordId:guid}/signing-code", CodeAsync).RequireAuthorization(Policies.Party)
            .WithSummary("A one-time code to the phone of the party who signs the slot");
        records.MapPost("/{recordId:guid}/signatures", SignAsync).RequireAuthorization(Policies.StaffOrParty)
            .WithSummary("Confirms the record in a slot: drawn signature, confirmed by code or password; PAdES as an incremental update");
        return app;
    }

    private static async Task<Results<Ok<List<SessionRecordView>>, ProblemHttpResult>> ListAsync(
        Guid caseId, ClaimsPrincipal user, CaseAccess access, SessionRecords records, AgreementDocuments documents, HttpRequest http, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct, CaseAccessMode.Read);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        try
        {
            var list = await records.OfCaseAsync(caseId, documents.VerificationUrl(http), ct);
            var sessions = await records.SessionTimesAsync(caseId, ct);
            return TypedResults.Ok(list.Select(r => View(r, grant, user, sessions.GetValueOrDefault(r.SessionId))).ToList());
        }
        catch (Documents.Fonts.FontsMissingException)
        {
            return AgreementDocuments.FontMissing();
        }
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DocumentAsync(
        Guid caseId, Guid recordId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, AgreementDocuments documents, CancellationToken ct)
    {
        var (grant, record, refused) = await FindAsync(access, db, user, caseId, recordId, CaseAccessMode.Read, tracked: false, ct);
        if (refused is not null)
        {
            return refused;
        }

        var file = await documents.LatestAsync(record.Id, 1, ct);
        return file is null
            ? NoRecord()
            : TypedResults.File(file.Content, "application/pdf", $"{grant.Case.Number}-调解笔录-{record.CreatedAtUtc:yyyyMMdd}.pdf");
    }

    private static async Task<Results<Ok<CodeSent>, ProblemHttpResult>> CodeAsync(
        Guid caseId, Guid recordId, SigningCodeRequest request, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, DocumentSigning signing,
        CancellationToken ct)
    {
        var (grant, record, refused) = await FindAsync(access, db, user, caseId, recordId, CaseAccessMode.Act, tracked: false, ct);
        if (refused is not null)
        {
            return refused;
        }

        var slot = record.Slots.FirstOrDefault(s => s.Name == request.Slot);
        return slot is null
            ? Problems.NotFound("signature-slot-not-found", "There is no such place to sign.")
            : await signing.SendCodeAsync(grant, record.Id, slot, SignedDocumentKind.Record, ct);
    }

    private static async Task<Results<Ok<SessionRecordView>, ProblemHttpResult>> SignAsync(
        Guid caseId, Guid recordId, SignRequest request, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, SessionRecords records, CancellationToken ct)
    {
        var (grant, record, refused) = await FindAsync(access, db, user, caseId, recordId, CaseAccessMode.Act, tracked: true, ct);
        if (refused is not null)
        {
            return refused;
        }

        if (await records.SignAsync(grant, record, request, user, ct) is { } problem)
        {
            return problem;
        }

        var sessions = await records.SessionTimesAsync(caseId, ct);
        return TypedResults.Ok(View(record, grant, user, sessions.GetValueOrDefault(record.SessionId)));
    }

    /// <summary>The caller's grant and the case's record; else the refusal (a record of another case is not found).</summary>
    private static async Task<(CaseAccessGrant Grant, SessionRecord Record, ProblemHttpResult? Refused)> FindAsync(CaseAccess access, MediationDbContext db,
        ClaimsPrincipal user, Guid caseId, Guid recordId, CaseAccessMode mode, bool tracked, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct, mode);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (null!, null!, (ProblemHttpResult)check.Result);
        }

        var query = tracked ? db.SessionRecords : db.SessionRecords.AsNoTracking();
        var record = await query.FirstOrDefaultAsync(r => r.Id == recordId && r.CaseId == caseId, ct);
        return record is null ? (grant, null!, NoRecord()) : (grant, record, null);
    }

    private static SessionRecordView View(SessionRecord record, CaseAccessGrant grant, ClaimsPrincipal user, (DateTime? Opened, DateTime? Ended) times) =>
        new(record.Id, record.SessionId, times.Opened, times.Ended,
            record.Slots.Select(s => new SignatureSlotView(s.Name, s.SignerKind, s.SignerName, s.Side, s.ForPartyName, record.SignatureIn(s.Name)?.SignedAtUtc,
                DocumentSigning.IsMine(grant, user, s))).ToList(),
            record.IsConfirmed, record.DocumentSha256);

    private static ProblemHttpResult NoRecord() => Problems.NotFound("record-none", "There is no such session record.");
}
