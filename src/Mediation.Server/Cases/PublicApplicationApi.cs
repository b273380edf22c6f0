using Mediation.Data;
using Mediation.Domain.Cases;
using Mediation.Domain.Invites;
using Mediation.Server.Access;
using Mediation.Server.Hosting;
using Mediation.Server.Invites;
using Mediation.Server.Sms;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QRCoder;

namespace Mediation.Server.Cases;

public sealed record PublicOrganization(Guid Id, string Name, string Address, string Kind, string? ContactPhone, IReadOnlyList<ClaimCategory> AcceptedCategories, bool Suspended);
public sealed record ApplicationCodeRequest(Guid OrganizationId, string Phone);
public sealed record ApplicantRequest(string Name, string? IdNumber, string? Address, string? Workplace);
public sealed record EmployerRequest(string Name, string? IdNumber, string Phone, string? Address);
public sealed record OnlineApplicationRequest(
    Guid OrganizationId, string Phone, string Code, string Subject, string Facts, ApplicantRequest Applicant, EmployerRequest Respondent, List<ClaimRequest> Claims);
public sealed record ApplicationReceipt(string CaseNumber, string TrackingNumber, string OrganizationName);
public sealed record TrackRequest(string TrackingNumber, string Phone);
public sealed record ApplicationProgress(string CaseNumber, string OrganizationName, CaseStatus Status, DateTime ReceivedAtUtc, DateOnly AcceptanceDue);

/// <summary>
/// "一码维权": a worker scans the organization's QR code, fills the application on a phone, proves the phone with a
/// code, and gets a tracking number to follow the case. No account, no app.
/// </summary>
public static class PublicApplicationApi
{
    public static IEndpointRouteBuilder MapPublicApplicationApi(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/public").WithTags("Online application").AllowAnonymous();
        open.MapGet("/organizations/{organizationId:guid}", GetOrganizationAsync);
        open.MapPost("/applications/code", SendCodeAsync).RequireRateLimiting(InviteApi.CodeSendLimit);
        open.MapPost("/applications", ApplyAsync).RequireRateLimiting(InviteApi.CodeVerifyLimit);
        open.MapPost("/applications/track", TrackAsync).RequireRateLimiting(InviteApi.CodeVerifyLimit);
        app.MapGet("/api/organizations/{organizationId:guid}/application-qr.{format:regex(^(svg|png)$)}", QrCodeAsync).WithTags("Online application").RequireAuthorization(Policies.Staff);
        return app;
    }

    private static async Task<Results<Ok<PublicOrganization>, ProblemHttpResult>> GetOrganizationAsync(Guid organizationId, MediationDbContext db, CancellationToken ct)
    {
        var org = await db.Organizations.FindAsync([organizationId], ct);
        return org is null
            ? Problems.NotFound("organization-not-found", "No such mediation organization.")
            : TypedResults.Ok(new PublicOrganization(org.Id, org.Name, org.Address, org.Kind.ToString(), org.ContactPhone, org.AcceptedCategories, org.Suspended));
    }

    /// <summary>The printable QR code of the organization's application page, for its notice board and leaflets:
    /// SVG for print, PNG for documents and chat apps.</summary>
    private static async Task<Results<ContentHttpResult, FileContentHttpResult, ProblemHttpResult>> QrCodeAsync(
        Guid organizationId, string format, MediationDbContext db, IOptions<InviteOptions> invites, HttpRequest request, CancellationToken ct)
    {
        if (await db.Organizations.FindAsync([organizationId], ct) is null)
        {
            return Problems.NotFound("organization-not-found", "No such mediation organization.");
        }

        var baseUrl = invites.Value.PublicBaseUrl ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
        using var qr = QRCodeGenerator.GenerateQrCode($"{baseUrl.TrimEnd('/')}/apply/{organizationId}", QRCodeGenerator.ECCLevel.Q);
        return format == "png"
            ? TypedResults.File(new PngByteQRCode(qr).GetGraphic(10), "image/png", "application-qr.png")
            : TypedResults.Content(new SvgQRCode(qr).GetGraphic(8), "image/svg+xml");
    }

    private static async Task<Results<Accepted<CodeSent>, ProblemHttpResult>> SendCodeAsync(
        ApplicationCodeRequest request, MediationDbContext db, TimeProvider time, ISmsSender sms, SmsTexts texts, IOptions<OneTimeCodeLimits> limits,
        HttpContext http, CancellationToken ct)
    {
        if (!PhoneNumber.IsMobile(request.Phone))
        {
            return Problems.Validation("The phone number is not valid.", "phone", "mobile-invalid", "A mainland mobile number (11 digits, starting with 1) is required.");
        }

        var org = await db.Organizations.FindAsync([request.OrganizationId], ct);
        if (org is null)
        {
            return Problems.NotFound("organization-not-found", "No such mediation organization.");
        }

        if (org.Suspended)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "organization-suspended", "This organization takes no applications at present.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (await OneTimeCodeSending.RefuseIfTooSoonAsync(db, request.Phone, now, limits.Value, http, ct) is { } tooSoon)
        {
            return tooSoon;
        }

        var (code, digits) = OneTimeCode.IssueForApplication(org.Id, request.Phone, http.Connection.RemoteIpAddress?.ToString() ?? "", now);
        db.OneTimeCodes.Add(code);
        await db.SaveChangesAsync(ct);
        await sms.SendAsync(texts.ApplicationCode(request.Phone, org.Id, org.Name, digits), ct);
        return TypedResults.Accepted((string?)null, OneTimeCodeSending.Sent(request.Phone, limits.Value));
    }

    private static async Task<Results<Created<ApplicationReceipt>, ProblemHttpResult>> ApplyAsync(
        OnlineApplicationRequest request, MediationDbContext db, TimeProvider time, ISmsSender sms, SmsTexts texts,
        ILogger<OnlineApplicationRequest> logger, CancellationToken ct)
    {
        var org = await db.Organizations.FindAsync([request.OrganizationId], ct);
        if (org is null)
        {
            return Problems.NotFound("organization-not-found", "No such mediation organization.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var intake = new CaseIntake(IntakeChannel.Online, request.Subject ?? "", request.Facts ?? "", now,
            [new PartyIntake(PartyKind.NaturalPerson, request.Applicant?.Name ?? "", request.Applicant?.IdNumber, request.Phone ?? "", request.Applicant?.Address, request.Applicant?.Workplace)],
            [new PartyIntake(PartyKind.Organization, request.Respondent?.Name ?? "", request.Respondent?.IdNumber, request.Respondent?.Phone ?? "", request.Respondent?.Address)],
            [.. (request.Claims ?? []).Select(c => new DisputeClaim(c.Category, c.Description ?? "", c.Amount, PartySide.Respondent))]);
        var errors = CaseIntakeRules.Validate(intake, org, now);
        if (errors.Count > 0)
        {
            return Problems.Validation("The application is incomplete.", errors);
        }

        // The phone is proved before anything is stored: the code must be the latest sent for this organization.
        var code = await db.OneTimeCodes.Where(c => c.OrganizationId == org.Id && c.Phone == request.Phone).OrderByDescending(c => c.CreatedAtUtc).FirstOrDefaultAsync(ct);
        if (code is null)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "code-not-requested", "Request a code first.");
        }

        var check = code.Verify(request.Code ?? "", now);
        try
        {
            // Saved on its own, before the case: a spent attempt counts even if filing fails, and two requests
            // racing with one code cannot both pass (the code's version token refuses the second).
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "code-attempt-conflict", "Another attempt was being checked.", "Enter the code again.");
        }

        if (OneTimeCodeSending.ProblemFor(check, code) is { } refused)
        {
            return refused;
        }

        // The audit log names no personal data: the applicant is recorded by channel, not by phone.
        string? tracking = null;
        var @case = await CaseNumbering.SaveNewAsync(db, org.Id, now, number =>
        {
            var created = CaseIntakeRules.Register(intake, org.Id, number, "online-applicant");
            tracking = created.IssueTrackingCode();
            return created;
        }, ct);
        await sms.SendAsync(texts.ApplicationReceipt(request.Phone!, org.Id, org.Name, @case.Id, @case.Number, tracking!), ct);
        logger.LogInformation("Online application {Number} to organization {OrganizationId} (case {CaseId})", @case.Number, org.Id, @case.Id);
        return TypedResults.Created($"/api/public/applications/track", new ApplicationReceipt(@case.Number, tracking!, org.Name));
    }

    private static async Task<Results<Ok<ApplicationProgress>, ProblemHttpResult>> TrackAsync(
        TrackRequest request, MediationDbContext db, StatutoryDeadlines deadlines, CancellationToken ct)
    {
        var hash = TrackingCode.Hash(request.TrackingNumber ?? "");
        var @case = await db.Cases.Include(c => c.Parties).AsSplitQuery().FirstOrDefaultAsync(c => c.TrackingCodeHash == hash, ct);
        // Both the number and the applicant's phone must match: one alone reveals nothing.
        if (@case is null || !@case.Parties.Any(p => p.Side == PartySide.Applicant && p.Phone == request.Phone))
        {
            return Problems.NotFound("application-not-found", "No application matches this tracking number and phone.");
        }

        var org = await db.Organizations.Where(o => o.Id == @case.OrganizationId).Select(o => o.Name).SingleAsync(ct);
        return TypedResults.Ok(new ApplicationProgress(@case.Number, org, @case.Status, @case.ReceivedAtUtc,
            deadlines.AcceptanceDue(Domain.Calendar.ChinaTime.DateOf(@case.ReceivedAtUtc))));
    }
}
