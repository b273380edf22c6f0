using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Agreements;
using Mediation.Domain.Calendar;
using Mediation.Domain.Cases;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Mediation.Server.Sms;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Agreements;

/// <summary>
/// One signature on the agreement, all or nothing: the signer confirmed and the PAdES update written on the newest
/// stored document (<see cref="DocumentSigning"/>), and the agreement's rules applied — then the new state of the document, the agreement,
/// the audit line and (for the last party) the case's move to AgreementReached are saved together. A refusal at any
/// step saves nothing.
/// </summary>
public sealed class AgreementSigning(MediationDbContext db, DocumentSigning signing, AgreementDocuments documents, ISmsSender sms, SmsTexts texts,
    TimeProvider time)
{
    public async Task<ProblemHttpResult?> SignAsync(CaseAccessGrant grant, Agreement agreement, SignRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var @case = grant.Case;
        var version = agreement.Versions.FirstOrDefault(v => v.Number == request.Version);
        var slot = version?.Slots.FirstOrDefault(s => s.Name == request.Slot);
        if (version is not { IsFrozen: true } || slot is null)
        {
            return Problems.NotFound("signature-slot-not-found", "There is no such place to sign.");
        }

        if (!DocumentSigning.IsMine(grant, user, slot))
        {
            return Problems.Forbidden("signature-slot-not-yours", "That place is for another signer.");
        }

        if (version.SignatureIn(slot.Name) is not null)
        {
            return null; // signed already: the same answer again, nothing written
        }

        if (version.IsSuperseded)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "agreement-version-superseded", "This version was replaced by a later one; sign the current version.");
        }

        // Parties sign while the case is in mediation; once their signatures put it in effect, the mediator and
        // the seal still complete the document.
        if (agreement.EffectiveOn is null ? @case.Status != CaseStatus.InMediation : @case.Status != CaseStatus.AgreementReached)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "agreement-case-not-in-mediation", "The case is no longer in mediation.");
        }

        var drawing = DocumentSigning.DrawingOf(request);
        if (slot.SignerKind != SignerKind.Organization && drawing.Problem() is { } drawn)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, drawn, "Draw your signature in the box.");
        }

        var now = time.GetUtcNow();
        var confirmed = await signing.ConfirmAsync(grant, agreement.Id, slot, request, user, ct);
        if (confirmed.Problem is { } notConfirmed)
        {
            // A wrong code counts against the code; that is saved, nothing else.
            await db.SaveChangesAsync(ct);
            return notConfirmed;
        }

        var latest = await documents.LatestAsync(agreement.Id, version.Number, ct);
        if (latest is null || latest.Sha256 != agreement.DocumentSha256)
        {
            return Problems.StaleVersion("agreement-document-changed", "agreement");
        }

        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == @case.OrganizationId, ct);
        var signed = await signing.WriteAsync(latest.Content, slot, @case, organization.Name, drawing, request.PadAspect, SignedDocumentKind.Agreement, now, ct);
        if (signed.Error is { } error)
        {
            return DocumentSigning.Refusal(error);
        }

        var sha256After = AgreementDocuments.Sha256(signed.Pdf!);
        var (outcome, result) = agreement.Sign(version.Number, slot.Name, slot.Signer, now.UtcDateTime, ChinaTime.DateOf(now.UtcDateTime), latest.Sha256, sha256After);
        if (!result.IsOk)
        {
            return Problems.Refused(result, "agreement-version-superseded", "seal-before-signatures", "agreement-document-changed");
        }

        var actor = DocumentSigning.ActorOf(grant, user);
        var (address, userAgent) = signing.Origin();
        db.DocumentFiles.Add(new DocumentFile(agreement.Id, version.Number, sha256After, signed.Pdf!, now.UtcDateTime));
        @case.AuditAgreementSigned(actor, now.UtcDateTime, version.Number, slot.Name, latest.Sha256, sha256After, address, userAgent, confirmed.By);
        if (outcome == SigningOutcome.TookEffect)
        {
            var moved = @case.RecordAgreement(actor, now.UtcDateTime, agreement.EffectiveOn!.Value);
            if (!moved.IsOk)
            {
                return Problems.Refused(moved);
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone else signed this document a moment ago (the agreement's row changed under us).
            return Problems.StaleVersion("agreement-document-changed", "agreement");
        }

        if (outcome == SigningOutcome.TookEffect)
        {
            var effective = agreement.EffectiveOn!.Value.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var party in @case.Parties)
            {
                await sms.SendAsync(texts.AgreementInEffect(party.Phone, @case.OrganizationId, @case.Id, @case.Number, effective, organization.Name), ct);
            }
        }

        return null;
    }
}
