using Mediation.Domain;

namespace Mediation.Documents.Templates;

/// <summary>
/// The paragraphs of a 调解协议书 an organization may word its own way, versioned: a document records the version
/// that made it. Placeholders in braces are filled from the case: {organization}, {receivedOn}, {subject}. What
/// follows from the law is not adjustable away: an agreement may never be said to be directly enforceable (a
/// labour mediation agreement is not; the routes are arbitration, 仲裁审查, 司法确认 and 支付令 — domain.md §1.1).
/// </summary>
/// <param name="Version">The wording's version; 1 is the platform's.</param>
/// <param name="Recital">The opening: who disputed what, when the application came, that they agreed freely.</param>
/// <param name="Effect">When the agreement takes effect and that it binds.</param>
/// <param name="Remedies">What a party may do when it is not performed, and the windows to confirm it.</param>
/// <param name="Copies">How many copies, who keeps them, and the standing of the electronic text.</param>
public sealed record AgreementWording(int Version, string Recital, string Effect, string Remedies, string Copies)
{
    public const int MaxParagraphLength = 2000;

    public static readonly AgreementWording Platform = new(
        1,
        "上列当事人因{subject}发生争议，申请人于{receivedOn}向{organization}申请调解。经{organization}主持调解，双方当事人在查明事实、分清是非的基础上，自愿达成如下协议：",
        "本协议经双方当事人在线电子签名（盖章）、调解员电子签名并加盖{organization}电子印章，自最后一方当事人完成电子签名之日起生效（《人民法院在线调解规则》第十九条），对双方当事人具有约束力，当事人应当按照约定履行。",
        "一方当事人在协议约定期限内不履行的，另一方当事人可以依法申请劳动人事争议仲裁（《劳动争议调解仲裁法》第十五条）。因支付拖欠劳动报酬、工伤医疗费、经济补偿或者赔偿金事项达成的协议，用人单位在协议约定期限内不履行的，劳动者可以持本调解协议书依法向人民法院申请支付令（《劳动争议调解仲裁法》第十六条）。双方当事人可以自本协议生效之日起十五日内共同向劳动人事争议仲裁委员会提出仲裁审查申请，或者自本协议生效之日起三十日内共同向有管辖权的人民法院申请司法确认（《民事诉讼法》第二百零五条）。",
        "本协议一式三份，双方当事人各执一份，{organization}留存一份。经电子签名的电子文本与纸质文本具有同等效力，可扫描二维码核验签名。");

    /// <summary>A paragraph with the case's facts in its placeholders.</summary>
    public static string Fill(string paragraph, string organization, string receivedOn, string subject) =>
        paragraph.Replace("{organization}", organization, StringComparison.Ordinal)
            .Replace("{receivedOn}", receivedOn, StringComparison.Ordinal)
            .Replace("{subject}", subject, StringComparison.Ordinal);

    /// <summary>Whether an organization's wording may be used: every paragraph present and of sensible length, and
    /// none claiming the agreement can be enforced as it stands.</summary>
    public DomainResult Validate()
    {
        foreach (var paragraph in new[] { Recital, Effect, Remedies, Copies })
        {
            if (string.IsNullOrWhiteSpace(paragraph) || paragraph.Length > MaxParagraphLength)
            {
                return DomainResult.Refuse("template-paragraph", $"Each paragraph is required, at most {MaxParagraphLength} characters.");
            }

            if (paragraph.Contains("强制执行", StringComparison.Ordinal) || paragraph.Contains("直接执行", StringComparison.Ordinal))
            {
                return DomainResult.Refuse("template-claims-enforceability", "A labour mediation agreement is not directly enforceable; the wording may not say it is.");
            }
        }

        return DomainResult.Ok;
    }
}
