using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain.Calendar;
using Mediation.Domain.Cases;
using Mediation.Server.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Cases;

public sealed record CaseSummary(
    Guid Id, string Number, string Subject, CaseStatus Status, DateTime ReceivedAtUtc, string? MediatorName, IReadOnlyList<PartyView> Parties,
    CaseDeadlines Deadlines, bool IsCollective, IntakeChannel Channel, Guid Version);
public sealed record PartyView(Guid Id, PartySide Side, PartyKind Kind, string Name, string? IdNumber, string? Phone,
    string? Address, string? Workplace, string? LegalRepresentative, Gender? Gender, DateOnly? BirthDate, string? Ethnicity, bool IsRepresentative);
public sealed record AgentView(Guid Id, Guid PartyId, string Name, string? Phone, string? IdNumber, AgentKind Kind, AgentAuthority Authority);
public sealed record CaseDetail(
    CaseSummary Case, string OrganizationName, CaseRole ViewerRole, Guid? ViewerPartyId, IntakeChannel Channel, string Facts, IReadOnlyList<DisputeClaim> Claims,
    IReadOnlyList<CaseCommand> AllowedCommands, string? DeclineReason, TerminationReason? TerminationReason, string? TerminationNotes,
    DateOnly? AgreementEffectiveOn, ReferralRoute? Referral, Guid? TransferredToOrganizationId, Guid? TransferredFromCaseId,
    IReadOnlyList<AgentView> Agents, bool IsCollective, string? DelegatingCourtName, string? CourtReference, MediatorChangeRequest? MediatorChangeRequest,
    string? OrganizationPhone, IReadOnlyList<ReferralOption> Referrals);
/// <summary>A page of a list. <see cref="Total"/> is exact up to <see cref="CaseApi.CountLimit"/>; beyond it the
/// count stops there and <see cref="TotalIsLowerBound"/> says so (the screen shows "1000+").</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, bool TotalIsLowerBound, int PageNumber, int PageSize);

/// <summary>The statutory dates of a case, each with whether it has passed without the step being taken.</summary>
public sealed record CaseDeadlines(DateOnly AcceptanceDue, bool AcceptanceOverdue, DateOnly MediationLimit, bool MediationLimitPassed,
    DateOnly? JudicialConfirmationBy, DateOnly? ArbitrationReviewBy);

/// <summary>Cases for staff and parties: the list (paged, filtered), the detail with its statutory dates and the
/// commands the caller may issue, and (in <see cref="CaseLifecycleApi"/>) the commands and the audit timeline.</summary>
public static class CaseApi
{
    /// <summary>Counting stops here: an exact count of a large organization's cases cost more than the page itself
    /// (bench/README.md), and nobody pages through more than fifty pages instead of filtering.</summary>
    public const int CountLimit = 1000;

    public static IEndpointRouteBuilder MapCaseApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases");
        cases.MapGet("/", ListAsync).RequireAuthorization(Policies.Staff);
        cases.MapCaseLifecycle();
        cases.MapCaseIntake();
        cases.MapCaseRecord();
        cases.MapCaseParticipants();
        cases.MapEvidence(app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<EvidenceOptions>>().Value.MaxBytes);
        cases.MapGet("/{caseId:guid}", GetAsync).RequireAuthorization(Policies.StaffOrParty);
        return app;
    }

    /// <summary>An organization admin sees the organization's cases; a mediator the cases assigned to them; a court
    /// clerk the cases their court delegated. Filter by status and by number or subject text; newest first, in pages.</summary>
    private static async Task<Ok<Page<CaseSummary>>> ListAsync(
        ClaimsPrincipal user, MediationDbContext db, StatutoryDeadlines deadlines, TimeProvider time, CancellationToken ct,
        CaseStatus? status = null, string? q = null, int page = 1, int pageSize = 20)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        if (CaseScope.For(user, db) is not { } query)
        {
            return TypedResults.Ok(new Page<CaseSummary>([], 0, false, page, pageSize));
        }

        if (status is not null)
        {
            query = query.Where(c => c.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(c => c.Number.Contains(text) || c.Subject.Contains(text));
        }

        var total = await query.Take(CountLimit + 1).CountAsync(ct);
        // One round trip, only the columns a summary shows: no claims, no change tracking.
        var rows = await query.OrderByDescending(c => c.ReceivedAtUtc).ThenBy(c => c.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(c => new CaseRow(c.Id, c.Number, c.Subject, c.Status, c.ReceivedAtUtc, c.AgreementEffectiveOn, c.IsCollective, c.Channel, c.Version,
                db.Users.Where(u => u.Id == c.MediatorUserId).Select(u => u.DisplayName).FirstOrDefault(),
                c.Parties.Select(p => new PartyRow(p.Id, p.Side, p.Kind, p.Name, p.IdNumber, p.Phone, p.Address, p.Workplace, p.LegalRepresentative,
                    p.Gender, p.BirthDate, p.Ethnicity, p.IsRepresentative)).ToList()))
            .AsNoTracking().ToListAsync(ct);
        var today = ChinaTime.DateOf(time.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(new Page<CaseSummary>([.. rows.Select(row => Summarize(row, CaseRole.OrgAdmin, null, deadlines, today))],
            Math.Min(total, CountLimit), total > CountLimit, page, pageSize));
    }

    private static async Task<Results<Ok<CaseDetail>, ProblemHttpResult>> GetAsync(
        Guid caseId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, StatutoryDeadlines deadlines, TimeProvider time, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct, CaseAccessMode.Read);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        return TypedResults.Ok(await DetailAsync(grant, db, deadlines, time, ct));
    }

    internal static async Task<CaseDetail> DetailAsync(CaseAccessGrant grant, MediationDbContext db, StatutoryDeadlines deadlines, TimeProvider time, CancellationToken ct)
    {
        var c = grant.Case;
        var names = await db.Organizations.Where(o => o.Id == c.OrganizationId)
            .Select(o => new
            {
                o.Name,
                o.ContactPhone,
                Mediator = db.Users.Where(u => u.Id == c.MediatorUserId).Select(u => u.DisplayName).FirstOrDefault(),
                Court = db.Courts.Where(court => court.Id == c.DelegatingCourtId).Select(court => court.Name).FirstOrDefault(),
            })
            .SingleAsync(ct);
        var row = new CaseRow(c.Id, c.Number, c.Subject, c.Status, c.ReceivedAtUtc, c.AgreementEffectiveOn, c.IsCollective, c.Channel, c.Version, names.Mediator,
            [.. c.Parties.Select(p => new PartyRow(p.Id, p.Side, p.Kind, p.Name, p.IdNumber, p.Phone, p.Address, p.Workplace, p.LegalRepresentative,
                p.Gender, p.BirthDate, p.Ethnicity, p.IsRepresentative))]);
        var now = time.GetUtcNow().UtcDateTime;
        var summary = Summarize(row, grant.Role, grant.PartyId, deadlines, ChinaTime.DateOf(now));
        var allowed = CaseLifecycle.AllowedCommands(c.Status).Where(command => CaseLifecycleApi.MayIssue(grant, command)).ToList();
        return new CaseDetail(summary, names.Name, grant.Role, grant.PartyId, c.Channel, c.Facts, c.Claims, allowed,
            c.DeclineReason, c.TerminationReason, c.TerminationNotes, c.AgreementEffectiveOn, c.Referral, c.TransferredToOrganizationId, c.TransferredFromCaseId,
            [.. c.Agents.Select(a => PartyDisclosure.For(new AgentView(a.Id, a.PartyId, a.Name, a.Phone, a.IdNumber, a.Kind, a.Authority), grant.Role, grant.PartyId))],
            c.IsCollective, names.Court, c.CourtReference, c.MediatorChangeRequest, names.ContactPhone,
            allowed.Contains(CaseCommand.Refer) ? CaseLifecycleApi.ReferralOptions(c, now, deadlines, await CaseLifecycleApi.AgreedClaimsAsync(db, c, ct)) : []);
    }

    /// <summary>What a summary needs of a case, read in one query for the list.</summary>
    private sealed record CaseRow(Guid Id, string Number, string Subject, CaseStatus Status, DateTime ReceivedAtUtc, DateOnly? AgreementEffectiveOn,
        bool IsCollective, IntakeChannel Channel, Guid Version, string? MediatorName, List<PartyRow> Parties);

    private sealed record PartyRow(Guid Id, PartySide Side, PartyKind Kind, string Name, string? IdNumber, string Phone, string? Address, string? Workplace,
        string? LegalRepresentative, Gender? Gender, DateOnly? BirthDate, string? Ethnicity, bool IsRepresentative);

    /// <summary>The summary as <paramref name="reader"/> may see it (<see cref="PartyDisclosure"/>).</summary>
    private static CaseSummary Summarize(CaseRow c, CaseRole reader, Guid? readerPartyId, StatutoryDeadlines deadlines, DateOnly today)
    {
        var received = ChinaTime.DateOf(c.ReceivedAtUtc);
        var acceptanceDue = deadlines.AcceptanceDue(received);
        var mediationLimit = deadlines.MediationLimit(received);
        var mediating = c.Status is CaseStatus.Accepted or CaseStatus.MediatorAssigned or CaseStatus.InMediation;
        var dates = new CaseDeadlines(acceptanceDue, c.Status == CaseStatus.Applied && today > acceptanceDue, mediationLimit, mediating && today > mediationLimit,
            c.AgreementEffectiveOn is { } effective ? deadlines.JudicialConfirmationWindowEnd(effective) : null,
            c.AgreementEffectiveOn is { } effective2 ? deadlines.ArbitrationReviewWindowEnd(effective2) : null);
        return new(c.Id, c.Number, c.Subject, c.Status, c.ReceivedAtUtc, c.MediatorName,
            [.. c.Parties.OrderBy(p => p.Side).Select(p => PartyDisclosure.For(new PartyView(p.Id, p.Side, p.Kind, p.Name, p.IdNumber, p.Phone, p.Address, p.Workplace,
                p.LegalRepresentative, p.Gender, p.BirthDate, p.Ethnicity, p.IsRepresentative), reader, readerPartyId))],
            dates, c.IsCollective, c.Channel, c.Version);
    }
}
