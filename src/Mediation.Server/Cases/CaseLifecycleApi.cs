using System.Security.Claims;
using Mediation.Data;
using Mediation.Domain;
using Mediation.Domain.Access;
using Mediation.Domain.Audit;
using Mediation.Domain.Calendar;
using Mediation.Domain.Cases;
using Mediation.Domain.Sessions;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Mediation.Server.Roster;
using Mediation.Server.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Cases;

/// <summary>A lifecycle command. <see cref="Version"/> is the case version the caller saw: a stale one gets 409.</summary>
public sealed record CaseCommandRequest(
    CaseCommand Command, Guid Version, string? Reason = null, TerminationReason? TerminationReason = null, string? Notes = null,
    string? MediatorUserId = null, ReferralRoute? Route = null, Guid? ToOrganizationId = null);

/// <summary>A route a case may be referred on (<see cref="ReferralRoute"/>): whether it is open now, the rule's code
/// when it is not, and the last day to apply where the law sets one.</summary>
public sealed record ReferralOption(ReferralRoute Route, bool Open, string? ClosedBecause, DateOnly? ApplyBy);

/// <summary>One entry of a case's audit chain. <see cref="ActorName"/>: who, in words (a staff member's or a party's
/// name); <see cref="ActorKind"/> says what kind of actor it was when there is no name (an online applicant, the system).</summary>
public sealed record TimelineEntry(long Sequence, DateTime AtUtc, string Actor, TimelineActor ActorKind, string? ActorName, string Action, string Details, string Hash);

public enum TimelineActor
{
    Staff,
    Party,
    OnlineApplicant,
    System,
}

public sealed record CaseTimeline(IReadOnlyList<TimelineEntry> Entries, bool Intact, long? FirstBrokenSequence, string? Problem);

public static class CaseLifecycleApi
{
    /// <summary>The working calendar (the shipped official schedules, plus any <c>calendars/*.json</c> an operator put
    /// into the data directory) and the statutory deadlines computed on it.</summary>
    public static IHostApplicationBuilder AddCases(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp =>
        {
            var calendar = WorkingCalendar.BuiltIn;
            var folder = Path.Combine(sp.GetRequiredService<StorageLayout>().DataDirectory, "calendars");
            foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json").Order().ToArray() : [])
            {
                var result = WorkingCalendar.TryParse(File.ReadAllText(file), out var year);
                calendar = result.IsOk ? calendar.With(year!) : throw new InvalidOperationException($"{file}: {result.Message}");
            }

            return calendar;
        });
        builder.Services.AddSingleton(sp => new StatutoryDeadlines(sp.GetRequiredService<WorkingCalendar>()));
        builder.Services.AddOptions<EvidenceOptions>().BindConfiguration(EvidenceOptions.Section)
            .Validate(o => o.MaxBytes is > 0 and <= 200 * 1024 * 1024, "Evidence:MaxBytes must be between 1 byte and 200 MB.")
            .Validate(o => o.MaxFilesPerCase > 0 && o.MaxFilesPerParty > 0 && o.MaxBytesPerCase >= o.MaxBytes,
                "Evidence quotas must be positive, and a case must hold at least one file of Evidence:MaxBytes.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DocumentStore>();
        return builder;
    }

    internal static RouteGroupBuilder MapCaseLifecycle(this RouteGroupBuilder cases)
    {
        cases.MapPost("/{caseId:guid}/commands", IssueAsync).RequireAuthorization(Policies.StaffOrParty);
        cases.MapGet("/{caseId:guid}/timeline", TimelineAsync).RequireAuthorization(Policies.Staff);
        return cases;
    }

    /// <summary>Who may issue which command. The holding organization's admin decides acceptance, assignment,
    /// transfer and archiving and may act for its mediators; the assigned mediator runs the mediation; the
    /// applicant may withdraw the application.</summary>
    internal static bool MayIssue(CaseAccessGrant grant, CaseCommand command) => grant.Role switch
    {
        // An agreement is never recorded by hand: it takes effect when the last party signs it (在线调解规则 art. 19),
        // and the signing moves the case (AgreementSigning).
        _ when command == CaseCommand.RecordAgreement => false,
        CaseRole.OrgAdmin => true,
        CaseRole.Mediator => command is CaseCommand.StartMediation or CaseCommand.Fail or CaseCommand.Withdraw
            or CaseCommand.BeginSupervision or CaseCommand.ConfirmPerformed or CaseCommand.ReportNotPerformed or CaseCommand.Refer,
        CaseRole.Party => command == CaseCommand.Withdraw && grant.Case.Parties.Any(p => p.Id == grant.PartyId && p.Side == PartySide.Applicant),
        _ => false,
    };

    private static async Task<Results<Ok<CaseDetail>, ProblemHttpResult>> IssueAsync(
        Guid caseId, CaseCommandRequest request, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, UserManager<StaffUser> users,
        StatutoryDeadlines deadlines, TimeProvider time, SessionEvictions evictions, ILogger<CaseCommandRequest> logger, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        if (request.Command == CaseCommand.RecordAgreement)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "agreement-by-signature",
                "An agreement takes effect when the last party signs it: draft it, freeze it and have it signed.");
        }

        if (!MayIssue(grant, request.Command))
        {
            return Problems.Forbidden("case-command-forbidden", $"You may not {request.Command} this case.");
        }

        var @case = grant.Case;
        if (request.Version != @case.Version)
        {
            return Problems.StaleVersion("case-version-conflict", "case");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var previousMediator = @case.MediatorUserId;
        var actor = grant.Role == CaseRole.Party ? $"party:{grant.PartyId}" : user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var result = request.Command switch
        {
            CaseCommand.Accept => @case.Accept(actor, now),
            CaseCommand.Decline => @case.Decline(actor, now, request.Reason ?? ""),
            CaseCommand.AssignMediator => await AssignAsync(@case, actor, now, request.MediatorUserId, users, db, ct),
            CaseCommand.StartMediation => @case.StartMediation(actor, now),
            CaseCommand.Fail => request.TerminationReason is { } reason
                ? @case.Fail(actor, now, reason, request.Notes)
                : DomainResult.Refuse("termination-reason-required", "Give the reason the mediation ended (在线调解规则 art. 25)."),
            CaseCommand.Withdraw => @case.Withdraw(actor, now),
            CaseCommand.BeginSupervision => @case.BeginSupervision(actor, now),
            CaseCommand.ConfirmPerformed => @case.ConfirmPerformed(actor, now),
            CaseCommand.ReportNotPerformed => @case.ReportNotPerformed(actor, now),
            CaseCommand.Refer => Refer(@case, actor, now, request.Route, deadlines, await AgreedClaimsAsync(db, @case, ct)),
            CaseCommand.TransferOut => request.ToOrganizationId is { } to && await db.Organizations.AnyAsync(o => o.Id == to, ct)
                ? @case.TransferOut(actor, now, to)
                : DomainResult.Refuse("organization-not-found", "Name the organization to transfer to."),
            CaseCommand.Archive => @case.Archive(actor, now),
            _ => DomainResult.Refuse("case-command-unknown", "Unknown command."),
        };

        if (!result.IsOk)
        {
            return Problems.Of(result.ErrorCode == "case-transition-illegal" ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
                result.ErrorCode!, result.Message!);
        }

        if (request.Command == CaseCommand.TransferOut)
        {
            // 移送: the receiving organization gets the case as a new application in its own numbering.
            var to = @case.TransferredToOrganizationId!.Value;
            db.Cases.Add(@case.ContinueAt(to, await CaseNumbering.NextNumberAsync(db, to, CaseIntakeRules.YearOf(now), ct), actor, now));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.StaleVersion("case-version-conflict", "case");
        }

        if (previousMediator is not null && previousMediator != @case.MediatorUserId)
        {
            // The mediator taken off the case leaves its live session now, not at their next click.
            await evictions.EvictAsync(SessionPerson.Staff(previousMediator), caseId);
        }

        logger.LogInformation("Case {CaseId}: {Command} by {Actor}, now {Status}", caseId, request.Command, actor, @case.Status);
        return TypedResults.Ok(await CaseApi.DetailAsync(grant, db, deadlines, time, ct));
    }

    private static async Task<DomainResult> AssignAsync(
        Case @case, string actor, DateTime now, string? mediatorUserId, UserManager<StaffUser> users, MediationDbContext db, CancellationToken ct)
    {
        var mediator = mediatorUserId is null ? null : await users.FindByIdAsync(mediatorUserId);
        if (mediator is null || mediator.OrganizationId != @case.OrganizationId || !await users.IsInRoleAsync(mediator, Roles.Mediator))
        {
            return DomainResult.Refuse("mediator-not-found", "Choose a mediator of the organization that holds the case.");
        }

        if (!await RosterApi.CanTakeCasesAsync(db, mediator.Id, ct))
        {
            return DomainResult.Refuse("mediator-not-available", "The mediator is not taking cases (roster status).");
        }

        return @case.AssignMediator(actor, now, mediator.Id);
    }

    private static string? StaffId(string actor) => actor switch
    {
        _ when actor.StartsWith("staff:", StringComparison.Ordinal) => actor["staff:".Length..],
        _ when actor.StartsWith("party:", StringComparison.Ordinal) || actor is "online-applicant" or "system" => null,
        _ => actor,
    };

    private static DomainResult Refer(Case @case, string actor, DateTime now, ReferralRoute? route, StatutoryDeadlines deadlines, IReadOnlyList<DisputeClaim>? agreed)
    {
        if (route is null)
        {
            return DomainResult.Refuse("referral-route-required", "Name the route: Arbitration, ArbitrationReview, JudicialConfirmation or PaymentOrder.");
        }

        var open = ReferralOpen(@case, route.Value, now, deadlines, agreed);
        return open.IsOk ? @case.Refer(actor, now, route.Value) : open;
    }

    /// <summary>What the referral rules read: once an agreement is in effect, its clauses (what was agreed, by whom,
    /// how much — 支付令 turns on them, 调解仲裁法 art. 16), before that the claims of the application.</summary>
    internal static async Task<IReadOnlyList<DisputeClaim>?> AgreedClaimsAsync(MediationDbContext db, Case @case, CancellationToken ct)
    {
        if (@case.AgreementEffectiveOn is null)
        {
            return null;
        }

        var agreement = await db.Agreements.AsNoTracking().FirstOrDefaultAsync(a => a.CaseId == @case.Id, ct);
        return agreement is { EffectiveOn: not null, Current: { } version } ? [.. version.Clauses.Select(c => c.ToClaim())] : null;
    }

    private static DomainResult ReferralOpen(Case @case, ReferralRoute route, DateTime now, StatutoryDeadlines deadlines, IReadOnlyList<DisputeClaim>? agreed)
    {
        // The employer is the organization party; a worker's case against an employer names it as respondent.
        var employer = @case.Parties.FirstOrDefault(p => p.Kind == PartyKind.Organization)?.Side ?? PartySide.Respondent;
        return ReferralRules.Check(route, @case.Status, agreed ?? @case.Claims, employer, @case.AgreementEffectiveOn, ChinaTime.DateOf(now), deadlines);
    }

    /// <summary>Every route, open or not (with the rule that closes it) and the last day to apply where the law sets
    /// one: what the referral dialog shows before anyone picks.</summary>
    internal static IReadOnlyList<ReferralOption> ReferralOptions(Case @case, DateTime now, StatutoryDeadlines deadlines, IReadOnlyList<DisputeClaim>? agreed) =>
        [.. Enum.GetValues<ReferralRoute>().Select(route =>
        {
            var open = ReferralOpen(@case, route, now, deadlines, agreed);
            DateOnly? windowEnd = (route, @case.AgreementEffectiveOn) switch
            {
                (ReferralRoute.ArbitrationReview, { } effective) => deadlines.ArbitrationReviewWindowEnd(effective),
                (ReferralRoute.JudicialConfirmation, { } effective) => deadlines.JudicialConfirmationWindowEnd(effective),
                _ => null,
            };
            return new ReferralOption(route, open.IsOk, open.ErrorCode, windowEnd);
        })];

    private static async Task<Results<Ok<CaseTimeline>, ProblemHttpResult>> TimelineAsync(
        Guid caseId, ClaimsPrincipal user, CaseAccess access, MediationDbContext db, CancellationToken ct)
    {
        var check = await access.CheckAsync(user, caseId, ct, CaseAccessMode.Read);
        if (check.Result is not Ok<CaseAccessGrant> { Value: { } grant })
        {
            return (ProblemHttpResult)check.Result;
        }

        var entries = await db.CaseAuditEntries.Where(e => e.CaseId == caseId).OrderBy(e => e.Sequence).Select(e => e.ToEntry()).ToListAsync(ct);
        var verification = AuditChain.Verify(entries, grant.Case.AuditHeadHash);
        // Actors are written as a user id, "staff:{user id}", "party:{party id}", "online-applicant" or "system".
        var staffIds = entries.Select(e => StaffId(e.Actor)).OfType<string>().Distinct().ToList();
        var staffNames = await db.Users.Where(u => staffIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        (TimelineActor, string?) Who(string actor)
        {
            if (actor.StartsWith("party:", StringComparison.Ordinal) && Guid.TryParse(actor["party:".Length..], out var partyId))
            {
                return (TimelineActor.Party, grant.Case.Parties.FirstOrDefault(p => p.Id == partyId)?.Name);
            }

            return actor switch
            {
                "online-applicant" => (TimelineActor.OnlineApplicant, null),
                "system" => (TimelineActor.System, null),
                _ => (TimelineActor.Staff, staffNames.GetValueOrDefault(StaffId(actor)!)),
            };
        }

        return TypedResults.Ok(new CaseTimeline(
            [.. entries.Select(e =>
            {
                var (kind, name) = Who(e.Actor);
                return new TimelineEntry(e.Sequence, e.AtUtc, e.Actor, kind, name, e.Action, e.Details, e.Hash);
            })],
            verification.IsIntact, verification.FirstBrokenSequence, verification.Problem));
    }
}
