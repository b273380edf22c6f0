using Mediation.Domain.Cases;

namespace Mediation.Domain.Agreements;

/// <summary>
/// A clause of an agreement: concrete and executable (what, how much, who owes it, by when, how), tagged with the
/// claim category that decides the remedies open on it — 支付令 (调解仲裁法 art. 16) through
/// <see cref="ReferralRules.PaymentOrderEligible"/>, 仲裁审查 not for a clause confirming a labour relation (办案规则
/// art. 75).
/// </summary>
/// <param name="Category">What the clause is about.</param>
/// <param name="Text">The clause as it reads in the document.</param>
/// <param name="Amount">In yuan, for a payment.</param>
/// <param name="Obligor">The side that owes it.</param>
/// <param name="PerformBy">The last day to perform it (履行期限).</param>
/// <param name="Method">How (一次性银行转账 …).</param>
public sealed record Clause(ClaimCategory Category, string Text, decimal? Amount, PartySide? Obligor, DateOnly? PerformBy, string? Method)
{
    public const int MaxMethodLength = 200;

    /// <summary>The clause as the referral rules read it.</summary>
    public DisputeClaim ToClaim() => new(Category, Text, Amount, Obligor);

    public DomainResult Validate()
    {
        var claim = ToClaim().Validate();
        if (!claim.IsOk)
        {
            return claim;
        }

        if (Amount is > 0 && Obligor is null)
        {
            return DomainResult.Refuse("clause-obligor-required", "A payment clause names who pays.");
        }

        return Method is { Length: > MaxMethodLength }
            ? DomainResult.Refuse("clause-method-too-long", $"The method of performance has at most {MaxMethodLength} characters.")
            : DomainResult.Ok;
    }
}
