using Mediation.Domain.Calendar;
using Mediation.Domain.Cases;

namespace Mediation.Domain.Tests;

public class ReferralTests
{
    private static readonly StatutoryDeadlines Deadlines = new(WorkingCalendar.BuiltIn);
    private static readonly DateOnly Effective = new(2026, 4, 1);
    private static readonly DisputeClaim Wages = new(ClaimCategory.LaborRemuneration, "拖欠工资", 12000m, PartySide.Respondent);
    private static readonly DisputeClaim Relation = new(ClaimCategory.ConfirmLaborRelation, "确认2024年起存在劳动关系", null);
    private static readonly DisputeClaim InsuranceByWorker = new(ClaimCategory.SocialInsurance, "补缴社保", 3000m, PartySide.Respondent);

    private static DomainResult Check(ReferralRoute route, CaseStatus status, DisputeClaim[] clauses, DateOnly today) =>
        ReferralRules.Check(route, status, clauses, PartySide.Respondent, Effective, today, Deadlines);

    [Fact]
    public void Judicial_confirmation_is_open_for_thirty_days_after_the_agreement_takes_effect()
    {
        // 1 April + 30 days = 1 May, a holiday: the window runs to 6 May.
        Assert.True(Check(ReferralRoute.JudicialConfirmation, CaseStatus.AgreementReached, [Wages], new(2026, 5, 6)).IsOk);
        Assert.Equal("referral-window-closed", Check(ReferralRoute.JudicialConfirmation, CaseStatus.AgreementReached, [Wages], new(2026, 5, 7)).ErrorCode);
    }

    [Fact]
    public void Arbitration_review_is_closed_to_an_agreement_confirming_a_labour_relation()
    {
        Assert.True(Check(ReferralRoute.ArbitrationReview, CaseStatus.AgreementReached, [Wages], new(2026, 4, 10)).IsOk);
        Assert.Equal("referral-confirms-labor-relation", Check(ReferralRoute.ArbitrationReview, CaseStatus.AgreementReached, [Wages, Relation], new(2026, 4, 10)).ErrorCode);
        Assert.Equal("referral-window-closed", Check(ReferralRoute.ArbitrationReview, CaseStatus.AgreementReached, [Wages], new(2026, 4, 17)).ErrorCode);
    }

    [Fact]
    public void A_payment_order_needs_an_unperformed_pay_clause_owed_by_the_employer()
    {
        Assert.True(ReferralRules.PaymentOrderEligible(Wages, PartySide.Respondent));
        Assert.False(ReferralRules.PaymentOrderEligible(InsuranceByWorker, PartySide.Respondent));
        Assert.False(ReferralRules.PaymentOrderEligible(Wages with { Obligor = PartySide.Applicant }, PartySide.Respondent));
        Assert.True(Check(ReferralRoute.PaymentOrder, CaseStatus.NotPerformed, [Wages], new(2026, 6, 1)).IsOk);
        Assert.Equal("referral-payment-order-ineligible", Check(ReferralRoute.PaymentOrder, CaseStatus.NotPerformed, [InsuranceByWorker], new(2026, 6, 1)).ErrorCode);
        Assert.Equal("referral-not-open", Check(ReferralRoute.PaymentOrder, CaseStatus.UnderSupervision, [Wages], new(2026, 6, 1)).ErrorCode);
    }

    [Fact]
    public void Arbitration_follows_failure_or_non_performance()
    {
        Assert.True(Check(ReferralRoute.Arbitration, CaseStatus.Failed, [], new(2026, 6, 1)).IsOk);
        Assert.True(Check(ReferralRoute.Arbitration, CaseStatus.NotPerformed, [Wages], new(2026, 6, 1)).IsOk);
        Assert.Equal("referral-not-open", Check(ReferralRoute.Arbitration, CaseStatus.Applied, [], new(2026, 6, 1)).ErrorCode);
    }

    [Theory]
    [InlineData(9, 3, "collective-too-few-workers")]
    [InlineData(10, 2, "collective-representatives")]
    [InlineData(10, 6, "collective-representatives")]
    [InlineData(10, 3, null)]
    [InlineData(120, 5, null)]
    public void A_collective_dispute_needs_ten_workers_and_three_to_five_representatives(int workers, int representatives, string? error) =>
        Assert.Equal(error, CollectiveDispute.ValidateRepresentatives(workers, representatives).ErrorCode);

    [Theory]
    [InlineData(ClaimCategory.LaborRemuneration, "", 1, "claim-description-required")]
    [InlineData(ClaimCategory.LaborRemuneration, "工资", -1, "claim-amount-negative")]
    [InlineData(ClaimCategory.LaborRemuneration, "工资", 0.001, "claim-amount-precision")]
    [InlineData(ClaimCategory.LaborRemuneration, "工资", 8800.5, null)]
    public void Claims_are_validated(ClaimCategory category, string description, double amount, string? error) =>
        Assert.Equal(error, new DisputeClaim(category, description, (decimal)amount).Validate().ErrorCode);

    [Fact]
    public void Case_numbers_format_and_parse()
    {
        Assert.Equal("劳调〔2026〕第0001号", CaseNumber.Format("劳调", 2026, 1));
        Assert.True(CaseNumber.TryParse("劳调〔2026〕第0123号", out var prefix, out var year, out var sequence));
        Assert.Equal(("劳调", 2026, 123), (prefix, year, sequence));
        Assert.False(CaseNumber.TryParse("劳调[2026]第0123号", out _, out _, out _));
    }
}
