using Mediation.Domain.Cases;
using Mediation.Domain.Organizations;

namespace Mediation.Domain.Tests;

public class CaseIntakeTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);
    private static readonly MediationOrganization Organization = new("张店区劳动人事争议调解中心", OrganizationKind.TownshipLaborMediation, "人民西路100号", null);

    private static CaseIntake Oral(string facts = "2026年8月起未发工资，10月被口头辞退。") => new(
        IntakeChannel.Oral, "拖欠工资争议", facts, Now.AddMinutes(-10),
        [new PartyIntake(PartyKind.NaturalPerson, "李明", "11010519491231002X", "13800000001", "张店区", "车间操作工")],
        [new PartyIntake(PartyKind.Organization, "淄博恒信机械制造有限公司", "91350100M000100Y43", "13900000002", LegalRepresentative: "赵总")],
        [new DisputeClaim(ClaimCategory.LaborRemuneration, "支付拖欠工资", 18600m, PartySide.Respondent)]);

    [Fact]
    public void A_complete_oral_application_passes_and_registers_with_its_parties_and_claims()
    {
        Assert.Equal(0, CaseIntakeRules.Validate(Oral(), Organization, Now).Count);
        var @case = CaseIntakeRules.Register(Oral(), Guid.NewGuid(), "劳调〔2026〕第0002号", "staff-1");
        Assert.Equal(IntakeChannel.Oral, @case.Channel);
        Assert.Equal(CaseStatus.Applied, @case.Status);
        Assert.Equal("车间操作工", @case.Parties[0].Workplace);
        Assert.Null(@case.Parties[0].LegalRepresentative);
        Assert.Equal("赵总", @case.Parties[1].LegalRepresentative);
        Assert.Single(@case.Claims);
        Assert.Equal(["registered", "claim-added"], @case.AuditEntries.Select(e => e.Action));
    }

    [Fact]
    public void An_oral_application_without_reasons_time_or_claims_is_refused_field_by_field()
    {
        var intake = Oral(facts: " ") with { ReceivedAtUtc = Now.AddDays(1), Claims = [] };
        var errors = CaseIntakeRules.Validate(intake, Organization, Now);
        Assert.Contains("facts", errors.ByField.Keys);
        Assert.Contains("receivedAtUtc", errors.ByField.Keys);
        Assert.Contains("claims", errors.ByField.Keys);
    }

    [Fact]
    public void Parties_need_a_mobile_and_valid_identifiers()
    {
        var intake = Oral() with
        {
            Applicants = [new PartyIntake(PartyKind.NaturalPerson, "", "110105194912310021", "0533-1234567")],
            Respondents = [new PartyIntake(PartyKind.Organization, "某公司", "91350100M000100Y44", "13900000002")],
        };
        var errors = CaseIntakeRules.Validate(intake, Organization, Now);
        Assert.Equal("required", errors.ByField["applicants[0].name"].Single().Code);
        Assert.Equal("mobile-invalid", errors.ByField["applicants[0].phone"].Single().Code);
        Assert.Equal("id-card-invalid", errors.ByField["applicants[0].idNumber"].Single().Code);
        Assert.Equal("credit-code-invalid", errors.ByField["respondents[0].idNumber"].Single().Code);
    }

    [Fact]
    public void Every_text_of_an_application_has_a_length_limit_with_its_number()
    {
        var novel = new string('长', 200_000);
        var intake = Oral(facts: novel) with
        {
            Subject = novel,
            Applicants = [new PartyIntake(PartyKind.NaturalPerson, novel, null, "13800000001", Address: novel, Workplace: novel, Ethnicity: novel)],
            Claims = [new DisputeClaim(ClaimCategory.LaborRemuneration, novel, 1m, PartySide.Respondent)],
        };
        var errors = CaseIntakeRules.Validate(intake, Organization, Now).ByField;
        Assert.Equal(new FieldError("too-long", "At most 8000 characters.", TextLimits.CaseFacts), errors["facts"].Single());
        foreach (var (field, limit) in new[] { ("subject", TextLimits.CaseSubject), ("applicants[0].name", TextLimits.PartyName),
                     ("applicants[0].address", TextLimits.Address), ("applicants[0].workplace", TextLimits.Workplace), ("applicants[0].ethnicity", TextLimits.Ethnicity) })
        {
            Assert.Equal(("too-long", limit), (errors[field].Single().Code, errors[field].Single().Limit));
        }

        Assert.Equal("claim-description-too-long", errors["claims[0]"].Single().Code);
    }

    [Theory]
    [InlineData("11010519491231002X", true)]
    [InlineData("11010519491231002x", true)]
    [InlineData("110105194912310021", false)] // wrong check digit
    [InlineData("110105194913310025", false)] // month 13
    [InlineData("11010519491231002", false)]
    public void Resident_identity_numbers_are_checked(string value, bool valid) => Assert.Equal(valid, IdentityNumber.IsResidentId(value));

    [Theory]
    [InlineData("91350100M000100Y43", true)]
    [InlineData("91350100M000100Y44", false)]
    [InlineData("91350100M000100I43", false)] // I is not in the alphabet
    public void Unified_social_credit_codes_are_checked(string value, bool valid) => Assert.Equal(valid, IdentityNumber.IsCreditCode(value));

    [Fact]
    public void The_numbering_year_is_the_china_calendar_year_of_receipt() =>
        Assert.Equal(2027, CaseIntakeRules.YearOf(new DateTime(2026, 12, 31, 17, 0, 0, DateTimeKind.Utc)));
}
