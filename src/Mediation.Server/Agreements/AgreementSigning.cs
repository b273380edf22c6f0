using System.Security.Claims;
using Mediation.Data;
using Mediation.Documents.Signing;
using Mediation.Domain.Agreements;
using Mediation.Domain.Calendar;
using Mediation.Domain.Cases;
using Mediation.Domain.Privacy;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Mediation.Server.Invites;
using Mediation.Server.Sms;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Agreements;

/// <summary>
/// One signature, all or nothing: the signer confirmed (a code to their phone, or a staff member's password), the
/// drawing checked, a key and a ten-minute certificate made for this signature alone, the PAdES update written on
/// the newest stored document, and the domain's rules applied — then the new state of the document, the agreement,
/// the audit line and (for the last party) the case's move to AgreementReached are saved together. A refusal at any
/// step saves nothing.
/// </summary>
public sealed class AgreementSigning(MediationDbContext db, SigningKeyStore keys, AgreementDocuments documents, SignInManager<StaffUser> signIn,
    ISmsSender sms, SmsTexts texts, TimeProvider time, IHttpContextAccessor http)
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

        if (!AgreementApi.IsMine(grant, user, slot))
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

        // Whatever the body holds (null strokes, points of the wrong size), it becomes a drawing the rules judge.
        var drawing = new SignatureDrawing(request.Strokes?.Where(s => s is not null)
            .Select(s => (IReadOnlyList<DrawnPoint>)s.Where(p => p is { Length: 2 }).Select(p => new DrawnPoint(p[0], p[1])).ToList()).ToList() ?? []);
        if (slot.SignerKind != SignerKind.Organization && drawing.Problem() is { } drawn)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, drawn, "Draw your signature in the box.");
        }

        var now = time.GetUtcNow();
        var confirmed = await ConfirmAsync(grant, agreement, slot, request, user, now.UtcDateTime, ct);
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
        var signed = await WriteSignatureAsync(latest.Content, slot, @case, organization.Name, drawing, request.PadAspect, now, ct);
        if (signed.Error is { } error)
        {
            return Problems.Of(StatusCodes.Status409Conflict, error, "The document cannot take this signature.");
        }

        var sha256After = AgreementDocuments.Sha256(signed.Pdf!);
        var (outcome, result) = agreement.Sign(version.Number, slot.Name, slot.Signer, now.UtcDateTime, ChinaTime.DateOf(now.UtcDateTime), latest.Sha256, sha256After);
        if (!result.IsOk)
        {
            return Problems.Refused(result, "agreement-version-superseded", "seal-before-signatures", "agreement-document-changed");
        }

        var actor = grant.Role == CaseRole.Party ? $"party:{grant.PartyId}" : user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var context = http.HttpContext;
        db.AgreementFiles.Add(new AgreementFile(agreement.Id, version.Number, sha256After, signed.Pdf!, now.UtcDateTime));
        @case.AuditAgreementSigned(actor, now.UtcDateTime, version.Number, slot.Name, latest.Sha256, sha256After,
            context?.Connection.RemoteIpAddress?.ToString() ?? "", context?.Request.Headers.UserAgent.ToString() ?? "", confirmed.By);
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

    /// <summary>How the signer showed it is them: the code sent to their own phone for this agreement (a party or its
    /// agent), or their password (the mediator, the organization's admin for the seal).</summary>
    private async Task<(ProblemHttpResult? Problem, string By)> ConfirmAsync(CaseAccessGrant grant, Agreement agreement, SignatureSlot slot, SignRequest request,
        ClaimsPrincipal user, DateTime now, CancellationToken ct)
    {
        if (grant.Role == CaseRole.Party)
        {
            var phone = AgreementApi.PhoneOf(grant, slot)!;
            var code = await db.OneTimeCodes.Where(c => c.AgreementId == agreement.Id && c.Phone == phone && c.ConsumedAtUtc == null)
                .OrderByDescending(c => c.CreatedAtUtc).FirstOrDefaultAsync(ct);
            if (code is null || string.IsNullOrWhiteSpace(request.Code))
            {
                return (Problems.Of(StatusCodes.Status400BadRequest, "signature-code-required", "Ask for a code and enter it."), "");
            }

            var check = code.Verify(request.Code, now);
            return (OneTimeCodeSending.ProblemFor(check, code), "sms-code:" + PersonalDataMask.MaskPhone(phone));
        }

        var staff = await signIn.UserManager.FindByIdAsync(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
        if (staff is null || string.IsNullOrEmpty(request.Password))
        {
            return (Problems.Of(StatusCodes.Status400BadRequest, "signature-password-required", "Enter your password to sign."), "");
        }

        var result = await signIn.CheckPasswordSignInAsync(staff, request.Password, lockoutOnFailure: true);
        return result.Succeeded
            ? (null, "password")
            : (Problems.Of(StatusCodes.Status400BadRequest, "signature-password-wrong", "The password is wrong."), "");
    }

    /// <summary>The PAdES update: a fresh key and certificate for a person's signature (disposed, with its key, when
    /// this returns), the organization's seal certificate for the seal.</summary>
    private async Task<SigningResult> WriteSignatureAsync(byte[] pdf, SignatureSlot slot, Case @case, string organizationName, SignatureDrawing drawing, double padAspect,
        DateTimeOffset now, CancellationToken ct)
    {
        var signingTime = now.ToOffset(ChinaTime.Offset);
        if (slot.SignerKind == SignerKind.Organization)
        {
            var seal = await keys.SealAsync(@case.OrganizationId, organizationName, ct);
            return PadesSigner.Sign(pdf, new SignatureRequest(slot.Name, seal, [], signingTime, organizationName, "加盖调解组织电子印章", null));
        }

        var root = await keys.RootAsync(ct);
        using var certificate = root.IssueForSigning(new SignerIdentity(slot.SignerName, RoleOf(slot), ReferenceOf(@case, slot), @case.Number, organizationName), now);
        return PadesSigner.Sign(pdf, new SignatureRequest(slot.Name, certificate, [], signingTime, slot.SignerName, "调解协议签署", drawing,
            padAspect is > 0.5 and < 10 ? padAspect : 3));
    }

    private static string RoleOf(SignatureSlot slot) => slot.SignerKind switch
    {
        SignerKind.Mediator => "调解员",
        SignerKind.Agent => "委托代理人",
        _ => slot.Side == PartySide.Applicant ? "申请人" : "被申请人",
    };

    /// <summary>The masked ID number the certificate names: who signed, without the full number in every copy.</summary>
    private static string? ReferenceOf(Case @case, SignatureSlot slot)
    {
        var id = slot.SignerKind switch
        {
            SignerKind.Party => @case.Parties.FirstOrDefault(p => p.Id.ToString() == slot.SignerId)?.IdNumber,
            SignerKind.Agent => @case.Agents.FirstOrDefault(a => a.Id.ToString() == slot.SignerId)?.IdNumber,
            _ => null,
        };
        return id is { Length: > 0 } ? PersonalDataMask.MaskIdNumber(id) : null;
    }
}
