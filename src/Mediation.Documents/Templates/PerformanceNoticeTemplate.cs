using Mediation.Documents.Layout;
using Mediation.Domain.Agreements;
using Mediation.Domain.Cases;

namespace Mediation.Documents.Templates;

/// <summary>What the 履行告知书 states: the day the agreement took effect, the windows that follow on the working
/// calendar, and each clause's remedy.</summary>
/// <param name="Case">The case.</param>
/// <param name="Clauses">The clauses in effect.</param>
/// <param name="EffectiveOn">The day the agreement took effect.</param>
/// <param name="ArbitrationReviewBy">The last day to apply for 仲裁审查 (15 days, 办案规则 art. 74).</param>
/// <param name="JudicialConfirmationBy">The last day to apply for 司法确认 (30 days, 民事诉讼法 art. 205).</param>
/// <param name="EmployerSide">The side the employer is on, for 支付令 (调解仲裁法 art. 16).</param>
/// <param name="OrganizationName">Who gives the notice.</param>
/// <param name="VerificationUrl">Where the QR code leads.</param>
public sealed record PerformanceNoticeContext(Case Case, IReadOnlyList<Clause> Clauses, DateOnly EffectiveOn, DateOnly ArbitrationReviewBy,
    DateOnly JudicialConfirmationBy, PartySide EmployerSide, string OrganizationName, Uri VerificationUrl);

/// <summary>
/// The 履行告知书 (no standard form exists: domain.md §4.3; built from 调解仲裁法 arts. 14–16, 民事诉讼法 arts. 205 and
/// 225, 办案规则 arts. 74–75): concrete dates, not "within 30 days", and for each clause whether 支付令 is open,
/// through <see cref="ReferralRules.PaymentOrderEligible"/>.
/// </summary>
public static class PerformanceNoticeTemplate
{
    public static DocumentSpec Spec(PerformanceNoticeContext context)
    {
        var blocks = new List<Block>
        {
            new Paragraph($"{string.Join("、", context.Case.Parties.Select(p => p.Name))}："),
            new Paragraph($"你们于{DocumentWords.Date(context.EffectiveOn)}就{context.Case.Subject}达成的调解协议（案号{context.Case.Number}）已经生效，对双方具有约束力，请按照协议约定的期限和方式履行。现将有关事项告知如下："),
            new Heading("一、协议约定的履行事项"),
        };
        for (var i = 0; i < context.Clauses.Count; i++)
        {
            var clause = context.Clauses[i];
            var remedy = ReferralRules.PaymentOrderEligible(clause.ToClaim(), context.EmployerSide)
                ? "用人单位在约定期限内不履行的，劳动者可以持调解协议书依法向人民法院申请支付令（《劳动争议调解仲裁法》第十六条），也可以申请仲裁。"
                : "一方在约定期限内不履行的，另一方可以依法申请仲裁（《劳动争议调解仲裁法》第十五条）。";
            blocks.Add(new NumberedItem($"{i + 1}. ", clause.Text + DocumentWords.ClauseFacts(clause) + remedy));
        }

        blocks.Add(new Heading("二、申请确认协议效力的期限"));
        if (context.Clauses.Any(c => c.Category == ClaimCategory.ConfirmLaborRelation))
        {
            blocks.Add(new Paragraph("本协议含确认劳动关系的内容，不适用仲裁审查（《劳动人事争议仲裁办案规则》第七十五条）。"));
        }
        else
        {
            blocks.Add(new Paragraph($"双方可以于{DocumentWords.Date(context.ArbitrationReviewBy)}前共同向劳动人事争议仲裁委员会提出仲裁审查申请（《劳动人事争议仲裁办案规则》第七十四条）。"));
        }

        blocks.Add(new Paragraph($"双方可以于{DocumentWords.Date(context.JudicialConfirmationBy)}前共同向有管辖权的人民法院申请司法确认（《民事诉讼法》第二百零五条）；人民法院裁定协议有效的，一方拒绝履行时对方可以申请人民法院执行。"));
        blocks.Add(new Heading("三、其他"));
        blocks.Add(new Paragraph($"期限届满之日遇法定节假日的，顺延至节假日后的第一个工作日（已计入上述日期）。如有疑问，请联系{context.OrganizationName}。"));
        blocks.Add(new Gap(12));
        blocks.Add(new Paragraph($"{context.OrganizationName}", Indent: false));
        blocks.Add(new Paragraph(DocumentWords.Date(context.EffectiveOn), Indent: false));
        return new DocumentSpec("履行告知书", context.Case.Number, context.VerificationUrl, blocks, []);
    }
}
