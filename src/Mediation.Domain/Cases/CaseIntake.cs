using Mediation.Domain.Calendar;
using Mediation.Domain.Organizations;

namespace Mediation.Domain.Cases;

public sealed record PartyIntake(PartyKind Kind, string Name, string? IdNumber, string Phone, string? Address = null, string? Workplace = null,
    string? LegalRepresentative = null, Gender? Gender = null, DateOnly? BirthDate = null, string? Ethnicity = null, bool IsRepresentative = false);

/// <summary>An application as staff register it: written, or oral and recorded on the spot.</summary>
public sealed record CaseIntake(
    IntakeChannel Channel, string Subject, string Facts, DateTime ReceivedAtUtc,
    IReadOnlyList<PartyIntake> Applicants, IReadOnlyList<PartyIntake> Respondents, IReadOnlyList<DisputeClaim> Claims);

/// <summary>
/// Checks an application field by field, so a form can show each problem beside its field. An oral application
/// must record the applicant's basic situation, the matters in dispute, the reasons and the time (调解仲裁法
/// art. 12); a written one needs the same substance.
/// </summary>
public static class CaseIntakeRules
{
    public static FieldErrors Validate(CaseIntake intake, MediationOrganization organization, DateTime nowUtc)
    {
        var errors = new FieldErrors();
        if (organization.Suspended)
        {
            errors.Add("organizationId", "organization-suspended", "This organization takes no applications at present.");
        }

        if (intake.Channel is not (IntakeChannel.Staff or IntakeChannel.Oral or IntakeChannel.Online or IntakeChannel.CourtDelegated))
        {
            errors.Add("channel", "channel-invalid", "Written (Staff), oral (Oral), online (Online) or court-delegated (CourtDelegated) applications are registered here.");
        }

        errors.Required("subject", intake.Subject, TextLimits.CaseSubject);
        errors.Required("facts", intake.Facts, TextLimits.CaseFacts);
        if (intake.ReceivedAtUtc > nowUtc.AddMinutes(5) || intake.ReceivedAtUtc < nowUtc.AddYears(-1))
        {
            errors.Add("receivedAtUtc", "received-at-range", "The time the application was received must be within the last year and not in the future.");
        }

        ValidateParties("applicants", intake.Applicants, errors);
        ValidateParties("respondents", intake.Respondents, errors);
        if (intake.Claims.Count == 0)
        {
            errors.Add("claims", "claims-required", "At least one claim (请求事项) is required.");
        }

        for (var i = 0; i < intake.Claims.Count; i++)
        {
            var result = intake.Claims[i].Validate();
            if (!result.IsOk)
            {
                errors.Add($"claims[{i}]", result);
            }
            else if (!organization.Accepts(intake.Claims[i].Category))
            {
                errors.Add($"claims[{i}].category", "category-not-accepted", "This organization does not mediate this kind of dispute; apply to another organization.");
            }
        }

        // Workers of a collective dispute may elect representatives (调解仲裁法 art. 7): three to five of them
        // (劳动人事争议仲裁办案规则 art. 63), and only when ten or more workers apply together.
        var representatives = intake.Applicants.Count(p => p.IsRepresentative);
        if (representatives > 0 || intake.Respondents.Any(p => p.IsRepresentative))
        {
            var workers = intake.Applicants.Count(p => p.Kind == PartyKind.NaturalPerson);
            var result = intake.Respondents.Any(p => p.IsRepresentative) || intake.Applicants.Any(p => p.IsRepresentative && p.Kind != PartyKind.NaturalPerson)
                ? DomainResult.Refuse("collective-representatives", "Representatives are elected among the workers who apply.")
                : CollectiveDispute.ValidateRepresentatives(workers, representatives);
            if (!result.IsOk)
            {
                errors.Add("applicants", result);
            }
        }

        return errors;
    }

    private static void ValidateParties(string field, IReadOnlyList<PartyIntake> parties, FieldErrors errors)
    {
        if (parties.Count == 0)
        {
            errors.Add(field, "party-required", "At least one is required.");
        }

        for (var i = 0; i < parties.Count; i++)
        {
            var p = parties[i];
            var at = $"{field}[{i}]";
            errors.Required($"{at}.name", p.Name, TextLimits.PartyName);
            if (!PhoneNumber.IsMobile(p.Phone))
            {
                errors.Add($"{at}.phone", "mobile-invalid", "A mainland mobile number (11 digits, starting with 1) is required.");
            }

            if (p.IdNumber is { Length: > 0 } id && !IdentityNumber.IsValid(id, p.Kind))
            {
                errors.Add($"{at}.idNumber", p.Kind == PartyKind.NaturalPerson ? "id-card-invalid" : "credit-code-invalid", p.Kind == PartyKind.NaturalPerson
                    ? "Not a valid 18-character resident identity card number."
                    : "Not a valid 18-character unified social credit code.");
            }
            else if (p.Kind == PartyKind.NaturalPerson && p.IdNumber is { Length: > 0 } card
                && IdentityNumber.TryReadResidentCard(card, out var cardBirth, out var cardGender))
            {
                // The card encodes both; a form that says otherwise has a typo in one of them.
                if (p.BirthDate is { } birth && birth != cardBirth)
                {
                    errors.Add($"{at}.birthDate", "birth-date-mismatch", "The birth date differs from the one in the identity card number.");
                }

                if (p.Gender is { } gender && gender != cardGender)
                {
                    errors.Add($"{at}.gender", "gender-mismatch", "The gender differs from the one in the identity card number.");
                }
            }

            errors.Text($"{at}.address", p.Address, TextLimits.Address);
            errors.Text($"{at}.workplace", p.Workplace, TextLimits.Workplace);
            errors.Text($"{at}.legalRepresentative", p.LegalRepresentative, TextLimits.LegalRepresentative);
            errors.Text($"{at}.ethnicity", p.Ethnicity, TextLimits.Ethnicity);
        }
    }

    /// <summary>Registers a validated intake as a new case.</summary>
    public static Case Register(CaseIntake intake, Guid organizationId, string number, string actor)
    {
        var @case = new Case(organizationId, number, intake.Subject.Trim(), intake.ReceivedAtUtc, intake.Channel, actor);
        @case.SetFacts(intake.Facts);
        foreach (var (side, list) in new[] { (PartySide.Applicant, intake.Applicants), (PartySide.Respondent, intake.Respondents) })
        {
            foreach (var p in list)
            {
                var party = @case.AddParty(side, p.Kind, p.Name, string.IsNullOrWhiteSpace(p.IdNumber) ? null : p.IdNumber.Trim().ToUpperInvariant(), p.Phone);
                party.Describe(p.Address, p.Workplace, p.LegalRepresentative);
                party.DescribePerson(p.Gender, p.BirthDate, p.Ethnicity);
                if (p.IsRepresentative)
                {
                    party.ElectAsRepresentative();
                }
            }
        }

        @case.DecideCollective();

        foreach (var claim in intake.Claims)
        {
            @case.AddClaim(claim, actor, intake.ReceivedAtUtc);
        }

        return @case;
    }

    /// <summary>Numbers restart each year (China calendar year of receipt).</summary>
    public static int YearOf(DateTime receivedAtUtc) => ChinaTime.DateOf(receivedAtUtc).Year;
}
