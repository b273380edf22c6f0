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
    public static Dictionary<string, string[]> Validate(CaseIntake intake, MediationOrganization organization, DateTime nowUtc)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        if (organization.Suspended)
        {
            Add("organizationId", "This organization takes no applications at present.");
        }

        if (intake.Channel is not (IntakeChannel.Staff or IntakeChannel.Oral or IntakeChannel.Online or IntakeChannel.CourtDelegated))
        {
            Add("channel", "Written (Staff), oral (Oral), online (Online) or court-delegated (CourtDelegated) applications are registered here.");
        }

        if (string.IsNullOrWhiteSpace(intake.Subject) || intake.Subject.Length > 200)
        {
            Add("subject", "案由 is required, at most 200 characters.");
        }

        if (string.IsNullOrWhiteSpace(intake.Facts))
        {
            Add("facts", "The facts and reasons of the application are required.");
        }

        if (intake.ReceivedAtUtc > nowUtc.AddMinutes(5) || intake.ReceivedAtUtc < nowUtc.AddYears(-1))
        {
            Add("receivedAtUtc", "The time the application was received must be within the last year and not in the future.");
        }

        ValidateParties("applicants", intake.Applicants, Add);
        ValidateParties("respondents", intake.Respondents, Add);
        if (intake.Claims.Count == 0)
        {
            Add("claims", "At least one claim (请求事项) is required.");
        }

        for (var i = 0; i < intake.Claims.Count; i++)
        {
            var result = intake.Claims[i].Validate();
            if (!result.IsOk)
            {
                Add($"claims[{i}]", result.Message!);
            }
            else if (!organization.Accepts(intake.Claims[i].Category))
            {
                Add($"claims[{i}].category", "This organization does not mediate this kind of dispute; apply to another organization.");
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
                Add("applicants", result.Message!);
            }
        }

        return errors;
    }

    private static void ValidateParties(string field, IReadOnlyList<PartyIntake> parties, Action<string, string> add)
    {
        if (parties.Count == 0)
        {
            add(field, "At least one is required.");
        }

        for (var i = 0; i < parties.Count; i++)
        {
            var p = parties[i];
            if (string.IsNullOrWhiteSpace(p.Name))
            {
                add($"{field}[{i}].name", "The name is required.");
            }

            if (!PhoneNumber.IsMobile(p.Phone))
            {
                add($"{field}[{i}].phone", "A mainland mobile number is required: the one-time codes go to it.");
            }

            if (p.IdNumber is { Length: > 0 } id && !IdentityNumber.IsValid(id, p.Kind))
            {
                add($"{field}[{i}].idNumber", p.Kind == PartyKind.NaturalPerson
                    ? "Not a valid 18-character resident identity card number."
                    : "Not a valid 18-character unified social credit code.");
            }
            else if (p.Kind == PartyKind.NaturalPerson && p.IdNumber is { Length: > 0 } card
                && IdentityNumber.TryReadResidentCard(card, out var cardBirth, out var cardGender))
            {
                // The card encodes both; a form that says otherwise has a typo in one of them.
                if (p.BirthDate is { } birth && birth != cardBirth)
                {
                    add($"{field}[{i}].birthDate", "The birth date differs from the one in the identity card number.");
                }

                if (p.Gender is { } gender && gender != cardGender)
                {
                    add($"{field}[{i}].gender", "The gender differs from the one in the identity card number.");
                }
            }

            if (p.Ethnicity is { Length: > 20 })
            {
                add($"{field}[{i}].ethnicity", "At most 20 characters.");
            }
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
