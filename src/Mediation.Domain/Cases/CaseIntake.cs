using Mediation.Domain.Calendar;

namespace Mediation.Domain.Cases;

public sealed record PartyIntake(PartyKind Kind, string Name, string? IdNumber, string Phone, string? Address = null, string? Workplace = null, string? LegalRepresentative = null);

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
    public static Dictionary<string, string[]> Validate(CaseIntake intake, DateTime nowUtc)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        if (intake.Channel is not (IntakeChannel.Staff or IntakeChannel.Oral or IntakeChannel.Online))
        {
            Add("channel", "Written (Staff), oral (Oral) or online (Online) applications are registered here.");
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
                @case.AddParty(side, p.Kind, p.Name, string.IsNullOrWhiteSpace(p.IdNumber) ? null : p.IdNumber.Trim().ToUpperInvariant(), p.Phone)
                    .Describe(p.Address, p.Workplace, p.LegalRepresentative);
            }
        }

        foreach (var claim in intake.Claims)
        {
            @case.AddClaim(claim, actor, intake.ReceivedAtUtc);
        }

        return @case;
    }

    /// <summary>Numbers restart each year (China calendar year of receipt).</summary>
    public static int YearOf(DateTime receivedAtUtc) => ChinaTime.DateOf(receivedAtUtc).Year;
}
