using Mediation.Documents.Layout;
using Mediation.Domain.Agreements;
using Mediation.Domain.Cases;
using Mediation.Domain.Privacy;

namespace Mediation.Documents.Templates;

/// <summary>What the 司法确认申请书 is made from.</summary>
/// <param name="Case">The case.</param>
/// <param name="Clauses">The agreement's clauses.</param>
/// <param name="EffectiveOn">The day the agreement took effect.</param>
/// <param name="CourtName">The court applied to (民事诉讼法 art. 205; for a delegated case the delegating court, 法释〔2011〕5号 art. 2).</param>
/// <param name="Slots">The parties' slots: the application is joint.</param>
/// <param name="OrganizationName">The organization that mediated.</param>
/// <param name="VerificationUrl">Where the QR code leads.</param>
public sealed record ConfirmationApplicationContext(Case Case, IReadOnlyList<Clause> Clauses, DateOnly EffectiveOn, string CourtName,
    IReadOnlyList<SignatureSlot> Slots, string OrganizationName, Uri VerificationUrl);

/// <summary>What a party's 送达地址确认书 is made from (在线调解规则 art. 17).</summary>
/// <param name="Case">The case.</param>
/// <param name="Party">The party confirming.</param>
/// <param name="Address">Where papers reach them.</param>
/// <param name="AcceptsElectronicService">Whether they accept service by text message and this platform.</param>
/// <param name="Slot">Their slot.</param>
/// <param name="VerificationUrl">Where the QR code leads.</param>
public sealed record ServiceAddressContext(Case Case, CaseParty Party, string Address, bool AcceptsElectronicService, SignatureSlot Slot, Uri VerificationUrl);

/// <summary>The two documents that go to the court with the agreement: the joint 司法确认申请书 (法释〔2011〕5号 art. 3)
/// and each party's 送达地址确认书.</summary>
public static class CourtDocumentTemplates
{
    public static DocumentSpec ConfirmationApplication(ConfirmationApplicationContext context)
    {
        var blocks = new List<Block>();
        foreach (var party in context.Case.Parties.Where(p => p.IsRepresentative || !context.Case.IsCollective || p.Side == PartySide.Respondent))
        {
            blocks.Add(new LabelledLine("申请人：", DocumentWords.Particulars(party) + $"联系电话{party.Phone}。"));
        }

        blocks.Add(new Heading("请求事项"));
        blocks.Add(new Paragraph($"请求确认申请人于{DocumentWords.Date(context.EffectiveOn)}经{context.OrganizationName}主持调解达成的调解协议（案号{context.Case.Number}）有效。"));
        blocks.Add(new Heading("事实和理由"));
        blocks.Add(new Paragraph($"申请人因{context.Case.Subject}发生纠纷，经{context.OrganizationName}主持调解，于{DocumentWords.Date(context.EffectiveOn)}自愿达成调解协议，约定："));
        for (var i = 0; i < context.Clauses.Count; i++)
        {
            blocks.Add(new NumberedItem($"{i + 1}. ", context.Clauses[i].Text + DocumentWords.ClauseFacts(context.Clauses[i])));
        }

        blocks.Add(new Paragraph("该协议是申请人真实意思表示，不违反法律、行政法规的强制性规定，不损害国家利益、社会公共利益和他人合法权益。申请人出于解决纠纷的目的申请司法确认，不存在恶意串通、规避法律的行为；如因虚假陈述造成他人合法权益受损，愿承担相应的法律责任。现依照《中华人民共和国民事诉讼法》第二百零五条的规定，共同申请人民法院确认该调解协议有效。"));
        blocks.Add(new Paragraph("此致", Indent: true));
        blocks.Add(new Paragraph(context.CourtName, Indent: false));
        blocks.Add(new Heading("附"));
        blocks.Add(new Paragraph("1. 调解协议书；2. 双方当事人的身份证明、资格证明；3. 送达地址确认书；4. 授权委托书（委托代理人申请的）。", Indent: false));
        var slots = context.Slots.Where(s => s.Signer.IsPartySide)
            .Select(s => new SlotSpec(s.Name, DocumentWords.Caption(s, context.OrganizationName), s.SignerName, SlotKind.Signature)).ToList();
        return new DocumentSpec("司法确认申请书", context.Case.Number, context.VerificationUrl, blocks, slots);
    }

    public static DocumentSpec ServiceAddress(ServiceAddressContext context)
    {
        var party = context.Party;
        var blocks = new List<Block>
        {
            new LabelledLine("案号：", context.Case.Number),
            new LabelledLine("受送达人：", $"{party.Name}（{DocumentWords.Side(party.Side)}）"),
            new LabelledLine("送达地址：", context.Address),
            new LabelledLine("手机号码：", PersonalDataMask.MaskPhone(party.Phone) + "（接收短信通知及验证码）"),
            new LabelledLine("电子送达：", context.AcceptsElectronicService ? "同意通过短信及本平台接收调解、司法确认相关文书。" : "不同意电子送达，请邮寄至上列送达地址。"),
            new Heading("告知事项"),
            new Paragraph("1. 受送达人应当如实提供确切的送达地址，送达地址变更的，应当及时告知调解组织或者人民法院；未及时告知的，按上列地址送达，视为送达。"),
            new Paragraph("2. 提供的地址不准确、拒不提供送达地址、送达地址变更未及时告知，或者本人、指定的代收人拒绝签收，导致文书未能被实际接收的，文书退回之日视为送达之日（《人民法院在线调解规则》第十七条）。"),
            new Paragraph("3. 本确认书适用于调解、司法确认及后续诉讼程序。"),
            new Paragraph("受送达人已阅知上述告知事项，确认以上内容真实、准确。", Indent: false),
        };
        var slot = new SlotSpec(context.Slot.Name, "受送达人（签名或盖章）：", context.Slot.SignerName, SlotKind.Signature);
        return new DocumentSpec("送达地址确认书", context.Case.Number, context.VerificationUrl, blocks, [slot]);
    }
}
