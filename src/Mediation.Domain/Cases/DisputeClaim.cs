namespace Mediation.Domain.Cases;

/// <summary>What a claim (or an agreement clause) is about. The category decides which remedies are open:
/// 支付令 (调解仲裁法 art. 16) and 仲裁审查 (劳动人事争议仲裁办案规则 art. 75).</summary>
public enum ClaimCategory
{
    /// <summary>劳动报酬</summary>
    LaborRemuneration,
    /// <summary>工伤医疗费</summary>
    WorkInjuryMedicalExpenses,
    /// <summary>经济补偿</summary>
    EconomicCompensation,
    /// <summary>赔偿金</summary>
    Damages,
    /// <summary>社会保险</summary>
    SocialInsurance,
    /// <summary>确认劳动关系</summary>
    ConfirmLaborRelation,
    /// <summary>其他</summary>
    Other,
}

/// <summary>A claim of an application, or a clause of an agreement: its category, what it says, an amount in
/// yuan where it is a payment, and who owes it.</summary>
public sealed record DisputeClaim(ClaimCategory Category, string Description, decimal? Amount, PartySide? Obligor = null)
{
    public DomainResult Validate() =>
        string.IsNullOrWhiteSpace(Description) ? DomainResult.Refuse("claim-description-required", "A claim needs a description.")
        : Description.Trim().Length > TextLimits.ClaimDescription
            ? DomainResult.Refuse("claim-description-too-long", $"A claim's description has at most {TextLimits.ClaimDescription} characters.")
        : Amount is < 0 ? DomainResult.Refuse("claim-amount-negative", "An amount cannot be negative.")
        : Amount is { } a && decimal.Round(a, 2) != a ? DomainResult.Refuse("claim-amount-precision", "Amounts are in yuan with at most two decimals.")
        : DomainResult.Ok;
}
