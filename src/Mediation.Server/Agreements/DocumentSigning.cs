using System.Security.Claims;
using Mediation.Data;
using Mediation.Documents.Signing;
using Mediation.Domain.Agreements;
using Mediation.Domain.Calendar;
using Mediation.Domain.Cases;
using Mediation.Domain.Invites;
using Mediation.Domain.Privacy;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Mediation.Server.Invites;
using Mediation.Server.Sms;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Agreements;

/// <summary>What a signature on a document the case produces (the agreement, a session's 调解笔录) was made with.</summary>
/// <param name="Name">The document as the signer's SMS names it (调解协议, 调解笔录).</param>
/// <param name="Reason">The reason the signature dictionary states.</param>
public sealed record SignedDocumentKind(string Name, string Reason)
{
    public static readonly SignedDocumentKind Agreement = new("调解协议", "调解协议签署");
    public static readonly SignedDocumentKind Record = new("调解笔录", "调解笔录确认");
}

/// <summary>
/// The signing machinery every signed document shares (电子签名法 art. 13): whose a slot is, the code to the signer's
/// own phone or the staff member's password, the drawing, and the PAdES update with a key and a ten-minute certificate
/// made for this one signature (disposed with its key when the update is written), or the organization's seal.
/// The documents' own rules (which version, when it takes effect) stay with them.
/// </summary>
public sealed class DocumentSigning(MediationDbContext db, SigningKeyStore keys, SignInManager<StaffUser> signIn, ISmsSender sms, SmsTexts texts,
    IOptions<OneTimeCodeLimits> limits, IOptions<SigningOptions> options, IHttpClientFactory clients, TimeProvider time, IHttpContextAccessor http,
    ILogger<DocumentSigning> logger)
{
    /// <summary>The HTTP client the time-stamping authority is asked with.</summary>
    public const string TimestampClient = "timestamps";

    /// <summary>Sends the one who signs <paramref name="slot"/> for the calling party a code for
    /// <paramref name="documentId"/>; the refusal when the slot is not theirs or a code went too recently.</summary>
    public async Task<Results<Ok<CodeSent>, ProblemHttpResult>> SendCodeAsync(CaseAccessGrant grant, Guid documentId, SignatureSlot slot, SignedDocumentKind kind,
        CancellationToken ct)
    {
        if (PhoneOf(grant, slot) is not { } phone)
        {
            return Problems.Forbidden("signature-slot-not-yours", "That place is for another signer.");
        }

        var context = http.HttpContext!;
        var now = time.GetUtcNow().UtcDateTime;
        if (await OneTimeCodeSending.RefuseIfTooSoonAsync(db, phone, now, limits.Value, context, ct, documentId) is { } tooSoon)
        {
            return tooSoon;
        }

        var (code, digits) = OneTimeCode.IssueForSigning(documentId, phone, context.Connection.RemoteIpAddress?.ToString() ?? "", now);
        db.OneTimeCodes.Add(code);
        await db.SaveChangesAsync(ct);
        await sms.SendAsync(texts.SigningCode(phone, grant.Case.OrganizationId, grant.Case.Id, grant.Case.Number, slot.SignerName, kind.Name, digits), ct);
        return TypedResults.Ok(OneTimeCodeSending.Sent(phone, limits.Value));
    }

    /// <summary>The drawing a request holds, whatever the body held (null strokes, points of the wrong size): a
    /// drawing the rules then judge.</summary>
    public static SignatureDrawing DrawingOf(SignRequest request) =>
        new(request.Strokes?.Where(s => s is not null)
            .Select(s => (IReadOnlyList<DrawnPoint>)s.Where(p => p is { Length: 2 }).Select(p => new DrawnPoint(p[0], p[1])).ToList()).ToList() ?? []);

    /// <summary>How the signer showed it is them: the code sent to their own phone for <paramref name="documentId"/> (a
    /// party or its agent), or their password (the mediator, the organization's admin for the seal). A wrong code
    /// counts against the code: the caller saves that, and nothing else.</summary>
    public async Task<(ProblemHttpResult? Problem, string By)> ConfirmAsync(CaseAccessGrant grant, Guid documentId, SignatureSlot slot, SignRequest request,
        ClaimsPrincipal user, CancellationToken ct)
    {
        if (grant.Role == CaseRole.Party)
        {
            var phone = PhoneOf(grant, slot)!;
            var code = await db.OneTimeCodes.Where(c => c.DocumentId == documentId && c.Phone == phone && c.ConsumedAtUtc == null)
                .OrderByDescending(c => c.CreatedAtUtc).FirstOrDefaultAsync(ct);
            if (code is null || string.IsNullOrWhiteSpace(request.Code))
            {
                return (Problems.Of(StatusCodes.Status400BadRequest, "signature-code-required", "Ask for a code and enter it."), "");
            }

            var check = code.Verify(request.Code, time.GetUtcNow().UtcDateTime);
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
    /// this returns), the organization's seal certificate for the seal; with the configured authority's timestamp.</summary>
    public async Task<SigningResult> WriteAsync(byte[] pdf, SignatureSlot slot, Case @case, string organizationName, SignatureDrawing drawing, double padAspect,
        SignedDocumentKind kind, DateTimeOffset now, CancellationToken ct)
    {
        var signingTime = now.ToOffset(ChinaTime.Offset);
        var timestamps = options.Value.TimestampAuthorityUrl is { } url ? new HttpTimestampAuthority(clients.CreateClient(TimestampClient), url) : null;
        try
        {
            if (slot.SignerKind == SignerKind.Organization)
            {
                var seal = await keys.SealAsync(@case.OrganizationId, organizationName, ct);
                var sealing = new SignatureRequest(slot.Name, seal, [], signingTime, organizationName, "加盖调解组织电子印章", null) { Timestamps = timestamps };
                return await PadesSigner.SignAsync(pdf, sealing, ct);
            }

            var root = await keys.RootAsync(ct);
            using var certificate = root.IssueForSigning(new SignerIdentity(slot.SignerName, RoleOf(slot), ReferenceOf(@case, slot), @case.Number, organizationName), now);
            var signing = new SignatureRequest(slot.Name, certificate, [], signingTime, slot.SignerName, kind.Reason, drawing, padAspect is > 0.5 and < 10 ? padAspect : 3)
            {
                Timestamps = timestamps,
            };
            return await PadesSigner.SignAsync(pdf, signing, ct);
        }

        catch (TimestampUnavailableException e)
        {
            logger.LogWarning(e, "No signature timestamp from {Authority}; the signature in {Slot} of case {CaseId} was not made", options.Value.TimestampAuthorityUrl,
                slot.Name, @case.Id);
            return SigningResult.Refused(TimestampUnavailable);
        }
    }

    private const string TimestampUnavailable = "signature-timestamp-unavailable";

    /// <summary>The answer to a signature the document could not take: 503 while the time-stamping authority is
    /// away (try again later: nothing was written), else 409.</summary>
    public static ProblemHttpResult Refusal(string error) => error == TimestampUnavailable
        ? Problems.Of(StatusCodes.Status503ServiceUnavailable, error, "The signature could not be time-stamped just now; nothing was signed.", "Try again in a minute.")
        : Problems.Of(StatusCodes.Status409Conflict, error, "The document cannot take this signature.");

    /// <summary>Who signed, for the audit chain: the party, or the staff member's user id.</summary>
    public static string ActorOf(CaseAccessGrant grant, ClaimsPrincipal user) =>
        grant.Role == CaseRole.Party ? $"party:{grant.PartyId}" : user.FindFirstValue(ClaimTypes.NameIdentifier)!;

    /// <summary>Where the signature came from and with what browser, for the audit chain.</summary>
    public (string Address, string UserAgent) Origin()
    {
        var context = http.HttpContext;
        return (context?.Connection.RemoteIpAddress?.ToString() ?? "", context?.Request.Headers.UserAgent.ToString() ?? "");
    }

    /// <summary>The phone a slot's confirmation code goes to, when the caller is the party the slot is signed for
    /// (in person, or the device its agent uses); null when the slot is not the caller's.</summary>
    public static string? PhoneOf(CaseAccessGrant grant, SignatureSlot slot)
    {
        if (grant.Role != CaseRole.Party || slot.ForPartyId != grant.PartyId)
        {
            return null;
        }

        return slot.SignerKind switch
        {
            SignerKind.Party => grant.Case.Parties.FirstOrDefault(p => p.Id.ToString() == slot.SignerId)?.Phone,
            SignerKind.Agent => grant.Case.Agents.FirstOrDefault(a => a.Id.ToString() == slot.SignerId)?.Phone,
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="slot"/> is the caller's to sign.</summary>
    public static bool IsMine(CaseAccessGrant grant, ClaimsPrincipal user, SignatureSlot slot) => grant.Role switch
    {
        CaseRole.Party => PhoneOf(grant, slot) is not null,
        CaseRole.Mediator => slot.SignerKind == SignerKind.Mediator && slot.SignerId == user.FindFirstValue(ClaimTypes.NameIdentifier),
        CaseRole.OrgAdmin => slot.SignerKind == SignerKind.Organization && slot.SignerId == grant.Case.OrganizationId.ToString(),
        _ => false,
    };

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
