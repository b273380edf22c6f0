namespace Mediation.Domain.Cases;

/// <summary>Where a case may go after mediation.</summary>
public enum ReferralRoute
{
    /// <summary>劳动仲裁 (调解仲裁法 arts. 14–15).</summary>
    Arbitration,
    /// <summary>仲裁审查 of the agreement (办案规则 arts. 74–75).</summary>
    ArbitrationReview,
    /// <summary>司法确认 of the agreement (民事诉讼法 art. 205, 人民调解法 art. 33).</summary>
    JudicialConfirmation,
    /// <summary>支付令 (调解仲裁法 art. 16, 民事诉讼法 art. 225).</summary>
    PaymentOrder,
}

/// <summary>Which route is open, given where the case stands, what the agreement says and what day it is.</summary>
public static class ReferralRules
{
    /// <summary>支付令 only for unpaid 劳动报酬, 工伤医疗费, 经济补偿 or 赔偿金 that the employer owes (调解仲裁法 art. 16).</summary>
    public static bool PaymentOrderEligible(DisputeClaim clause, PartySide employerSide) =>
        clause.Category is ClaimCategory.LaborRemuneration or ClaimCategory.WorkInjuryMedicalExpenses or ClaimCategory.EconomicCompensation or ClaimCategory.Damages
        && clause.Obligor == employerSide;

    public static DomainResult Check(
        ReferralRoute route, CaseStatus status, IReadOnlyList<DisputeClaim> agreementClauses, PartySide employerSide,
        DateOnly? agreementEffective, DateOnly today, StatutoryDeadlines deadlines)
    {
        switch (route)
        {
            case ReferralRoute.Arbitration:
                // Failed mediation, an unperformed agreement, or (art. 14) no agreement in time.
                return status is CaseStatus.Failed or CaseStatus.NotPerformed or CaseStatus.UnderSupervision
                    ? DomainResult.Ok
                    : DomainResult.Refuse("referral-not-open", "Arbitration follows a failed mediation or an agreement not performed.");

            case ReferralRoute.ArbitrationReview:
                if (status is not (CaseStatus.AgreementReached or CaseStatus.UnderSupervision) || agreementEffective is null)
                {
                    return DomainResult.Refuse("referral-not-open", "仲裁审查 needs an agreement in effect.");
                }

                // 办案规则 art. 75: an agreement that confirms a labour relation is not reviewed.
                if (agreementClauses.Any(c => c.Category == ClaimCategory.ConfirmLaborRelation))
                {
                    return DomainResult.Refuse("referral-confirms-labor-relation", "An agreement confirming a labour relation cannot go to 仲裁审查.");
                }

                return today <= deadlines.ArbitrationReviewWindowEnd(agreementEffective.Value)
                    ? DomainResult.Ok
                    : DomainResult.Refuse("referral-window-closed", "仲裁审查 must be applied for within 15 days of the agreement taking effect.");

            case ReferralRoute.JudicialConfirmation:
                if (status is not (CaseStatus.AgreementReached or CaseStatus.UnderSupervision) || agreementEffective is null)
                {
                    return DomainResult.Refuse("referral-not-open", "司法确认 needs an agreement in effect.");
                }

                return today <= deadlines.JudicialConfirmationWindowEnd(agreementEffective.Value)
                    ? DomainResult.Ok
                    : DomainResult.Refuse("referral-window-closed", "司法确认 must be applied for within 30 days of the agreement taking effect.");

            case ReferralRoute.PaymentOrder:
                if (status != CaseStatus.NotPerformed)
                {
                    return DomainResult.Refuse("referral-not-open", "支付令 follows an agreement the employer did not perform.");
                }

                return agreementClauses.Any(c => PaymentOrderEligible(c, employerSide))
                    ? DomainResult.Ok
                    : DomainResult.Refuse("referral-payment-order-ineligible", "支付令 covers only 劳动报酬, 工伤医疗费, 经济补偿 or 赔偿金 owed by the employer.");

            default:
                return DomainResult.Refuse("referral-unknown", "Unknown referral route.");
        }
    }
}
