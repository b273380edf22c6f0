using System.Security.Claims;
using Mediation.Data;
using Mediation.Documents.Layout;
using Mediation.Documents.Templates;
using Mediation.Domain.Sessions;
using Mediation.Server.Access;
using Mediation.Server.Agreements;
using Mediation.Server.Hosting;
using Mediation.Server.Sms;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Sessions;

/// <summary>
/// A session's 调解笔录 as a signed document (在线调解规则 art. 22): made once the session has ended, from the
/// lines said in the joint room while it was open (a side's private lines are not the other side's to read, so not
/// theirs to confirm), then signed by each party admitted to it and by the mediator — with the same machinery, and
/// the same all-or-nothing saving, as the agreement. Each party who took part gets an SMS when it is made.
/// </summary>
public sealed class SessionRecords(MediationDbContext db, AgreementDocuments documents, DocumentSigning signing, ISmsSender sms, SmsTexts texts, TimeProvider time,
    ILogger<SessionRecords> logger)
{
    /// <summary>The records of every ended session of the case, newest first, each made now if it was not yet (the
    /// hub makes it at the end; a session ended by a crash or a shutdown gets it on the first read). Throws
    /// <see cref="Documents.Fonts.FontsMissingException"/> when the machine cannot set Chinese text.</summary>
    public async Task<IReadOnlyList<SessionRecord>> OfCaseAsync(Guid caseId, Uri verificationUrl, CancellationToken ct)
    {
        var ended = await db.MediationSessions.AsNoTracking().Include(s => s.Attendees)
            .Where(s => s.CaseId == caseId && s.Status == SessionStatus.Ended).ToListAsync(ct);
        var records = await db.SessionRecords.AsNoTracking().Where(r => r.CaseId == caseId).ToListAsync(ct);
        foreach (var session in ended.Where(s => records.All(r => r.SessionId != s.Id)))
        {
            if (await MakeAsync(session, verificationUrl, ct) is { } made)
            {
                records.Add(made);
            }
        }

        var order = ended.ToDictionary(s => s.Id, s => s.EndedAtUtc);
        return records.OrderByDescending(r => order.GetValueOrDefault(r.SessionId)).ToList();
    }

    /// <summary>Makes the record of an ended session; the record another page made a moment ago when two met; null
    /// when the case has no mediator to keep it.</summary>
    public async Task<SessionRecord?> MakeAsync(MediationSession session, Uri verificationUrl, CancellationToken ct)
    {
        // Loaded here, tracked, whoever asked (a court clerk reads without tracking): the audit line goes on the case.
        var @case = await db.Cases.WithPeople().FirstAsync(c => c.Id == session.CaseId, ct);
        var mediator = await db.Users.AsNoTracking().Where(u => u.Id == @case.MediatorUserId).Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(ct);
        if (mediator is null || session.OpenedAtUtc is not { } opened || session.EndedAtUtc is not { } endedAt)
        {
            return null;
        }

        var lines = await db.CaseRecordEntries.AsNoTracking()
            .Where(e => e.CaseId == @case.Id && e.PrivateTo == null && e.AtUtc >= opened && e.AtUtc <= endedAt).OrderBy(e => e.Sequence).ToListAsync(ct);
        var organizationName = await db.Organizations.AsNoTracking().Where(o => o.Id == @case.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var slots = SessionRecord.SignersOf(session, @case, (mediator.Id, mediator.DisplayName));
        var now = time.GetUtcNow();
        var spec = MediationRecordTemplate.Spec(new MediationRecordContext(@case, lines, opened, endedAt, mediator.DisplayName, slots, organizationName, verificationUrl));
        var pdf = PdfRenderer.Render(spec, now);
        var sha256 = AgreementDocuments.Sha256(pdf);
        var (record, result) = SessionRecord.Make(session, sha256, slots, now.UtcDateTime);
        if (record is null)
        {
            logger.LogWarning("The record of session {SessionId} was not made: {Code}", session.Id, result.ErrorCode);
            return null;
        }

        db.SessionRecords.Add(record);
        var file = new DocumentFile(record.Id, 1, sha256, pdf, now.UtcDateTime);
        db.DocumentFiles.Add(file);
        @case.AuditRecordMade(mediator.Id, now.UtcDateTime, session.Id, sha256);
        try
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Record of session {SessionId} made, {Count} to sign", session.Id, slots.Count);
            // Each party who took part is told, also one who left before the end page showed it.
            foreach (var party in @case.Parties.Where(p => slots.Any(s => s.ForPartyId == p.Id)))
            {
                await sms.SendAsync(texts.RecordToConfirm(party.Phone, @case.OrganizationId, @case.Id, @case.Number, organizationName), ct);
            }

            return record;
        }
        catch (DbUpdateException)
        {
            // Another page (or the hub) made it a moment ago: the unique index on the session kept one.
            db.ChangeTracker.Clear();
            return await db.SessionRecords.AsNoTracking().FirstOrDefaultAsync(r => r.SessionId == session.Id, ct);
        }
    }

    /// <summary>When each session of the case opened and ended.</summary>
    public async Task<Dictionary<Guid, (DateTime? Opened, DateTime? Ended)>> SessionTimesAsync(Guid caseId, CancellationToken ct) =>
        (await db.MediationSessions.AsNoTracking().Where(s => s.CaseId == caseId).Select(s => new { s.Id, s.OpenedAtUtc, s.EndedAtUtc }).ToListAsync(ct))
        .ToDictionary(s => s.Id, s => (s.OpenedAtUtc, s.EndedAtUtc));

    /// <summary>One signature on a record: the slot the caller's, confirmed by code or password, the PAdES update on
    /// the newest stored state, the audit line, all saved together; a refusal saves nothing (but a wrong code's try).</summary>
    public async Task<ProblemHttpResult?> SignAsync(CaseAccessGrant grant, SessionRecord record, SignRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var slot = record.Slots.FirstOrDefault(s => s.Name == request.Slot);
        if (slot is null)
        {
            return Problems.NotFound("signature-slot-not-found", "There is no such place to sign.");
        }

        if (!DocumentSigning.IsMine(grant, user, slot))
        {
            return Problems.Forbidden("signature-slot-not-yours", "That place is for another signer.");
        }

        if (record.SignatureIn(slot.Name) is not null)
        {
            return null;
        }

        var drawing = DocumentSigning.DrawingOf(request);
        if (drawing.Problem() is { } drawn)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, drawn, "Draw your signature in the box.");
        }

        var confirmed = await signing.ConfirmAsync(grant, record.Id, slot, request, user, ct);
        if (confirmed.Problem is { } notConfirmed)
        {
            await db.SaveChangesAsync(ct);
            return notConfirmed;
        }

        var latest = await documents.LatestAsync(record.Id, 1, ct);
        if (latest is null || latest.Sha256 != record.DocumentSha256)
        {
            return Problems.StaleVersion("agreement-document-changed", "record");
        }

        var now = time.GetUtcNow();
        var organizationName = await db.Organizations.AsNoTracking().Where(o => o.Id == grant.Case.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var signed = await signing.WriteAsync(latest.Content, slot, grant.Case, organizationName, drawing, request.PadAspect, SignedDocumentKind.Record, now, ct);
        if (signed.Error is { } error)
        {
            return DocumentSigning.Refusal(error);
        }

        var sha256After = AgreementDocuments.Sha256(signed.Pdf!);
        var (_, result) = record.Sign(slot.Name, slot.Signer, now.UtcDateTime, latest.Sha256, sha256After);
        if (!result.IsOk)
        {
            return Problems.Refused(result, "agreement-document-changed");
        }

        var (address, userAgent) = signing.Origin();
        db.DocumentFiles.Add(new DocumentFile(record.Id, 1, sha256After, signed.Pdf!, now.UtcDateTime));
        grant.Case.AuditRecordSigned(DocumentSigning.ActorOf(grant, user), now.UtcDateTime, record.SessionId, slot.Name, latest.Sha256, sha256After, address, userAgent,
            confirmed.By);
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException)
        {
            return Problems.StaleVersion("agreement-document-changed", "record");
        }
    }
}
