using System.Security.Cryptography;
using Mediation.Data;
using Mediation.Documents.Layout;
using Mediation.Documents.Templates;
using Mediation.Domain.Agreements;
using Mediation.Domain.Cases;
using Mediation.Server.Hosting;
using Mediation.Server.Invites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Agreements;

/// <summary>The case's documents: the agreement's PDF rendered from the case and the draft at freezing, each stored
/// state of a signed document after it, and the notices made from them.</summary>
public sealed class AgreementDocuments(MediationDbContext db, IOptions<InviteOptions> invites)
{
    /// <summary>The document of a version about to be frozen, in the organization's <paramref name="wording"/>; a
    /// <paramref name="preview"/> of a draft carries the draft's mark on every page and is never stored.</summary>
    public byte[] Render(Case @case, Agreement agreement, AgreementVersion draft, IReadOnlyList<SignatureSlot> slots, string organizationName,
        AgreementWording wording, DateTimeOffset now, HttpRequest request, bool preview = false)
    {
        var spec = AgreementTemplate.Spec(new AgreementContext(@case, agreement.Kind, draft.Facts, draft.Clauses, slots, organizationName, VerificationUrl(request)),
            wording);
        return PdfRenderer.Render(preview ? spec with { Watermark = DocumentWords.DraftMark } : spec, now);
    }

    /// <summary>The 履行告知书 of an agreement in effect: the dates that follow from the day it took effect, on the
    /// working calendar, and each clause's remedy. Made when asked for, from the agreement as it stands.</summary>
    public byte[] PerformanceNotice(Case @case, AgreementVersion version, DateOnly effectiveOn, string organizationName, StatutoryDeadlines deadlines, DateTimeOffset now,
        HttpRequest request)
    {
        // The employer is the organization party; a worker's case against an employer names it as respondent.
        var employer = @case.Parties.FirstOrDefault(p => p.Kind == PartyKind.Organization)?.Side ?? PartySide.Respondent;
        var spec = PerformanceNoticeTemplate.Spec(new PerformanceNoticeContext(@case, version.Clauses, effectiveOn, deadlines.ArbitrationReviewWindowEnd(effectiveOn),
            deadlines.JudicialConfirmationWindowEnd(effectiveOn), employer, organizationName, VerificationUrl(request)));
        return PdfRenderer.Render(spec, now);
    }

    /// <summary>The wording the organization's agreements are made with now: its newest version, or the platform's
    /// until it has one; and when that version was written.</summary>
    public async Task<(AgreementWording Wording, DateTime? ChangedAtUtc)> WordingAsync(Guid organizationId, CancellationToken ct)
    {
        var latest = await db.AgreementWordings.AsNoTracking().Where(w => w.OrganizationId == organizationId).OrderByDescending(w => w.Version).FirstOrDefaultAsync(ct);
        return latest is null
            ? (AgreementWording.Platform, null)
            : (new AgreementWording(latest.Version, latest.Recital, latest.Effect, latest.Remedies, latest.Copies), latest.CreatedAtUtc);
    }

    /// <summary>The verification page the QR code leads to: where anyone holding a copy can check it.</summary>
    public Uri VerificationUrl(HttpRequest request) => new(invites.Value.BaseUrl(request) + "/verify");

    /// <summary>The newest stored state of <paramref name="version"/>.</summary>
    public Task<DocumentFile?> LatestAsync(Guid documentId, int version, CancellationToken ct) =>
        db.DocumentFiles.Where(f => f.DocumentId == documentId && f.VersionNumber == version).OrderByDescending(f => f.CreatedAtUtc).FirstOrDefaultAsync(ct);

    /// <summary>The document, or null when the machine cannot set Chinese text.</summary>
    public static byte[]? TryRender(Func<byte[]> render)
    {
        try
        {
            return render();
        }
        catch (Documents.Fonts.FontsMissingException)
        {
            return null;
        }
    }

    /// <summary>The machine has no font for Chinese text: an operator's fix (install the font), not the mediator's.</summary>
    public static ProblemHttpResult FontMissing() => Problems.Of(StatusCodes.Status503ServiceUnavailable, "documents-font-missing",
        "The server has no font to make documents with.", "Install fonts-wqy-zenhei on the server, or set Documents:FontPath.");

    public static string Sha256(byte[] pdf) => Convert.ToHexStringLower(SHA256.HashData(pdf));
}
