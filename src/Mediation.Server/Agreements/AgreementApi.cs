using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain;
using Mediation.Domain.Agreements;
using Mediation.Domain.Cases;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Mediation.Server.Invites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Agreements;

public sealed record AgreementDraftRequest(AgreementKind Kind, string Facts, IReadOnlyList<Clause> Clauses);

/// <summary>Which of a party's agents signs for it, when an agent (with special authority) does.</summary>
public sealed record AgreementFreezeRequest(IReadOnlyDictionary<Guid, Guid>? AgentsSigningFor);

public sealed record SignatureSlotView(string Name, SignerKind SignerKind, string SignerName, PartySide? Side, string? ForPartyName, DateTime? SignedAtUtc, bool Mine);

/// <summary>The agreement's current version; <see cref="WordingVersion"/>: the organization's wording its document was
/// made with (1 the platform's), once frozen.</summary>
public sealed record AgreementView(Guid Id, AgreementKind Kind, int VersionNumber, string Facts, IReadOnlyList<Clause> Clauses, bool Frozen, DateTime? FrozenAtUtc,
    IReadOnlyList<SignatureSlotView> Slots, DateOnly? EffectiveOn, string? DocumentSha256, int SupersededVersions, int? WordingVersion);

public sealed record SigningCodeRequest(string Slot);

/// <summary>A signature: the version and slot, the drawing (strokes of [x, y] points, 0–1 across the pad, and the
/// pad's width over its height), and the confirmation — the code sent to the signer's phone, or a staff member's
/// password.</summary>
public sealed record SignRequest(int Version, string Slot, IReadOnlyList<IReadOnlyList<double[]>> Strokes, double PadAspect, string? Code, string? Password);

/// <summary>
/// A case's agreement: the mediator drafts and freezes it, each signer signs their slot (a party or its agent with a
/// code to their own phone, the mediator and the organization's admin with their password), and the last party's
/// signature puts it in effect (在线调解规则 art. 19) — the case moves to AgreementReached that day.
/// </summary>
public static class AgreementApi
{
    internal static RouteGroupBuilder MapAgreementApi(this RouteGroupBuilder cases)
    {
        cases.MapGet("/{caseId:guid}/agreement", GetAsync).RequireAuthorization(Policies.StaffOrParty)
            .WithSummary("The case's agreement: its current version, who signs where and who has");
        cases.MapPut("/{caseId:guid}/agreement", DraftAsync).RequireAuthorization(Policies.Staff)
            .WithSummary("The mediator writes the draft (a change after freezing makes a new version)");
        cases.MapPost("/{caseId:guid}/agreement/freeze", FreezeAsync).RequireAuthorization(Policies.Staff)
            .WithSummary("The mediator freezes the draft: the document is made and the signature slots set");
        cases.MapGet("/{caseId:guid}/agreement/document", DocumentAsync).RequireAuthorization(Policies.StaffOrParty)
            .WithSummary("The current version's PDF, with every signature given so far; a draft as it would be made now, marked as a draft");
        cases.MapGet("/{caseId:guid}/agreement/performance-notice", PerformanceNoticeAsync).RequireAuthorization(Policies.StaffOrParty)
            .WithSummary("The 履行告知书 of the agreement in effect: the dates that follow, and each clause's remedy");
        cases.MapPost("/{caseId:guid}/agreement/signing-code", CodeAsync).RequireAuthorization(Policies.Party)
            .WithSummary("A one-time code to the phone of the one who signs the slot");
        cases.MapPost("/{caseId:guid}/agreement/signatures", SignAsync).RequireAuthorization(Policies.StaffOrParty)
            .WithSummary("Signs a slot: drawn signature, confirmed by code or password; PAdES as an incremental update");
        return cases;
    }

    private static async Task<Results<Ok<AgreementView>, ProblemHttpResult>> GetAsync(
        Guid caseId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct, CaseAccessMode.Read);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        var agreement = await db.Agreements.AsNoTracking().FirstOrDefaultAsync(a => a.CaseId == caseId, ct);
        return agreement is null ? NoAgreement() : TypedResults.Ok(View(agreement, grant, user));
    }

    private static async Task<Results<Ok<AgreementView>, ProblemHttpResult>> DraftAsync(
        Guid caseId, AgreementDraftRequest request, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, TimeProvider time, CancellationToken ct)
    {
        var (grant, refused) = await MediatorAsync(access, user, caseId, ct);
        if (refused is not null)
        {
            return refused;
        }

        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.CaseId == caseId, ct);
        if (agreement is null)
        {
            agreement = new Agreement(caseId, request.Kind);
            db.Agreements.Add(agreement);
        }

        var result = agreement.Draft(request.Facts ?? "", request.Clauses ?? [], time.GetUtcNow().UtcDateTime);
        if (!result.IsOk)
        {
            return Problems.Refused(result, "agreement-in-effect");
        }

        return await SaveAsync(db, ct) is { } conflict ? conflict : TypedResults.Ok(View(agreement, grant, user));
    }

    private static async Task<Results<Ok<AgreementView>, ProblemHttpResult>> FreezeAsync(
        Guid caseId, AgreementFreezeRequest? request, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, AgreementDocuments documents,
        TimeProvider time, HttpRequest http, CancellationToken ct)
    {
        var (grant, refused) = await MediatorAsync(access, user, caseId, ct);
        if (refused is not null)
        {
            return refused;
        }

        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.CaseId == caseId, ct);
        if (agreement?.Current is not { IsFrozen: false } draft)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "agreement-no-draft", "There is no draft to freeze.");
        }

        var @case = grant.Case;
        var (slots, organizationName, signers) = await SlotsAsync(db, @case, agreement.Kind, request?.AgentsSigningFor ?? new Dictionary<Guid, Guid>(), ct);
        if (!signers.IsOk)
        {
            return Problems.Refused(signers);
        }

        var now = time.GetUtcNow();
        var (wording, _) = await documents.WordingAsync(@case.OrganizationId, ct);
        if (AgreementDocuments.TryRender(() => documents.Render(@case, agreement, draft, slots, organizationName, wording, now, http)) is not { } pdf)
        {
            return AgreementDocuments.FontMissing();
        }

        var sha256 = AgreementDocuments.Sha256(pdf);
        var frozen = agreement.Freeze(now.UtcDateTime, sha256, wording.Version, slots);
        if (!frozen.IsOk)
        {
            return Problems.Refused(frozen);
        }

        db.DocumentFiles.Add(new DocumentFile(agreement.Id, draft.Number, sha256, pdf, now.UtcDateTime));
        @case.AuditAgreementFrozen(user.FindFirstValue(ClaimTypes.NameIdentifier)!, now.UtcDateTime, draft.Number, sha256);
        return await SaveAsync(db, ct) is { } conflict ? conflict : TypedResults.Ok(View(agreement, grant, user));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DocumentAsync(
        Guid caseId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, AgreementDocuments documents, TimeProvider time, HttpRequest http, CancellationToken ct)
    {
        var (grant, agreement, refused) = await ReadAsync(access, db, user, caseId, ct);
        if (refused is not null)
        {
            return refused;
        }

        var version = agreement.Current!;

        if (!version.IsFrozen)
        {
            // A draft is read as it would be made now (the parties read it together in the session before it is frozen),
            // marked as a draft on every page and never stored: nobody signs this copy.
            var (slots, organizationName, _) = await SlotsAsync(db, grant.Case, agreement.Kind, new Dictionary<Guid, Guid>(), ct);
            var (wording, _) = await documents.WordingAsync(grant.Case.OrganizationId, ct);
            return AgreementDocuments.TryRender(() => documents.Render(grant.Case, agreement, version, slots, organizationName, wording, time.GetUtcNow(), http, preview: true)) is { } preview
                ? TypedResults.File(preview, "application/pdf", $"{grant.Case.Number}-draft.pdf")
                : AgreementDocuments.FontMissing();
        }

        if (await documents.LatestAsync(agreement.Id, version.Number, ct) is not { } file)
        {
            return Problems.NotFound("agreement-no-document", "The agreement has no frozen document yet.");
        }

        return TypedResults.File(file.Content, "application/pdf", $"{grant.Case.Number}-v{version.Number}.pdf");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PerformanceNoticeAsync(
        Guid caseId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, AgreementDocuments documents, StatutoryDeadlines deadlines, TimeProvider time,
        HttpRequest http, CancellationToken ct)
    {
        var (grant, agreement, refused) = await ReadAsync(access, db, user, caseId, ct);
        if (refused is not null)
        {
            return refused;
        }

        var version = agreement.Current!;

        if (agreement.EffectiveOn is not { } effectiveOn)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "agreement-not-in-effect", "The agreement is not in effect yet: the notice follows the last party's signature.");
        }

        var organizationName = await db.Organizations.AsNoTracking().Where(o => o.Id == grant.Case.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        return AgreementDocuments.TryRender(() => documents.PerformanceNotice(grant.Case, version, effectiveOn, organizationName, deadlines, time.GetUtcNow(), http)) is { } pdf
            ? TypedResults.File(pdf, "application/pdf", $"{grant.Case.Number}-履行告知书.pdf")
            : AgreementDocuments.FontMissing();
    }

    private static async Task<Results<Ok<CodeSent>, ProblemHttpResult>> CodeAsync(
        Guid caseId, SigningCodeRequest request, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, DocumentSigning signing, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        var agreement = await db.Agreements.AsNoTracking().FirstOrDefaultAsync(a => a.CaseId == caseId, ct);
        var slot = agreement?.Current is { IsFrozen: true } version ? version.Slots.FirstOrDefault(s => s.Name == request.Slot) : null;
        return agreement is null || slot is null
            ? Problems.NotFound("signature-slot-not-found", "There is no such place to sign.")
            : await signing.SendCodeAsync(grant, agreement.Id, slot, SignedDocumentKind.Agreement, ct);
    }

    private static async Task<Results<Ok<AgreementView>, ProblemHttpResult>> SignAsync(
        Guid caseId, SignRequest request, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, AgreementSigning signing, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.CaseId == caseId, ct);
        if (agreement is null)
        {
            return NoAgreement();
        }

        var problem = await signing.SignAsync(grant, agreement, request, user, ct);
        return problem is not null ? problem : TypedResults.Ok(View(agreement, grant, user));
    }

    private static AgreementView View(Agreement agreement, CaseAccessGrant grant, ClaimsPrincipal user)
    {
        var version = agreement.Current!;
        var slots = version.Slots.Select(s => new SignatureSlotView(s.Name, s.SignerKind, s.SignerName, s.Side, s.ForPartyName, version.SignatureIn(s.Name)?.SignedAtUtc,
            DocumentSigning.IsMine(grant, user, s))).ToList();
        return new AgreementView(agreement.Id, agreement.Kind, version.Number, version.Facts, version.Clauses, version.IsFrozen, version.FrozenAtUtc, slots,
            agreement.EffectiveOn, agreement.DocumentSha256, agreement.Versions.Count(v => v.IsSuperseded), version.TemplateVersion);
    }

    /// <summary>The caller's read grant and the case's agreement (with at least one version); else the refusal.</summary>
    private static async Task<(CaseAccessGrant Grant, Agreement Agreement, ProblemHttpResult? Refused)> ReadAsync(
        CaseAccess access, MediationDbContext db, ClaimsPrincipal user, Guid caseId, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct, CaseAccessMode.Read);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (null!, null!, (ProblemHttpResult)check.Result);
        }

        var agreement = await db.Agreements.AsNoTracking().FirstOrDefaultAsync(a => a.CaseId == caseId, ct);
        return agreement?.Current is null ? (grant, null!, NoAgreement()) : (grant, agreement, null);
    }

    /// <summary>The caller's grant when it is the case's mediator and the case is in mediation; else the refusal.</summary>
    private static async Task<(CaseAccessGrant Grant, ProblemHttpResult? Refused)> MediatorAsync(CaseAccess access, ClaimsPrincipal user, Guid caseId, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (null!, (ProblemHttpResult)check.Result);
        }

        if (grant.Role != CaseRole.Mediator)
        {
            return (grant, Problems.Forbidden("agreement-mediator-only", "Only the case's mediator drafts and freezes the agreement."));
        }

        return grant.Case.Status == CaseStatus.InMediation
            ? (grant, null)
            : (grant, Problems.Of(StatusCodes.Status409Conflict, "agreement-case-not-in-mediation", "An agreement is drafted while the case is in mediation."));
    }

    /// <summary>Who signs where, as the case stands: the slots, the organization's name for the seal's caption, and
    /// the refusal when the case's signers cannot be settled (an agent without special authority chosen …).</summary>
    private static async Task<(IReadOnlyList<SignatureSlot> Slots, string OrganizationName, DomainResult Result)> SlotsAsync(
        MediationDbContext db, Case @case, AgreementKind kind, IReadOnlyDictionary<Guid, Guid> agentsSigningFor, CancellationToken ct)
    {
        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == @case.OrganizationId, ct);
        var mediator = await db.Users.AsNoTracking().Where(u => u.Id == @case.MediatorUserId).Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(ct);
        var (slots, result) = AgreementSigners.For(@case, kind, mediator is null ? null : (mediator.Id, mediator.DisplayName), (organization.Id, organization.Name),
            agentsSigningFor);
        return (slots, organization.Name, result);
    }

    private static ProblemHttpResult NoAgreement() => Problems.NotFound("agreement-none", "The case has no agreement yet.");

    private static async Task<ProblemHttpResult?> SaveAsync(MediationDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.StaleVersion("agreement-document-changed", "agreement");
        }
    }
}
