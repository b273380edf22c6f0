using Mediation.Documents.Layout;
using Mediation.Domain.Agreements;
using Mediation.Domain.Calendar;
using Mediation.Domain.Cases;

namespace Mediation.Documents.Templates;

/// <summary>What an agreement's document is made from: the case, the version's text, and who signs where.</summary>
/// <param name="Case">The case, with its parties and agents.</param>
/// <param name="Kind">调解协议书 or 和解协议.</param>
/// <param name="Facts">The version's 纠纷主要事实 and 争议事项.</param>
/// <param name="Clauses">The version's clauses.</param>
/// <param name="Slots">Who signs where (<see cref="AgreementSigners"/>).</param>
/// <param name="OrganizationName">The mediation organization.</param>
/// <param name="VerificationUrl">Where the QR code leads.</param>
public sealed record AgreementContext(Case Case, AgreementKind Kind, string Facts, IReadOnlyList<Clause> Clauses, IReadOnlyList<SignatureSlot> Slots,
    string OrganizationName, Uri VerificationUrl);

/// <summary>
/// The 劳动（人事）争议调解协议书 and the 和解协议 (domain.md §4.1): title and number, the parties and their agents,
/// the recital, the facts, the clauses each with its category, amount, obligor, deadline and method, the effect and
/// the remedies (never direct enforceability), copies, and the signature slots.
/// </summary>
public static class AgreementTemplate
{
    public static DocumentSpec Spec(AgreementContext context, AgreementWording wording)
    {
        var @case = context.Case;
        var organization = context.OrganizationName;
        var receivedOn = DocumentWords.Date(ChinaTime.DateOf(@case.ReceivedAtUtc));
        var blocks = new List<Block>();
        foreach (var side in new[] { PartySide.Applicant, PartySide.Respondent })
        {
            foreach (var party in @case.Parties.Where(p => p.Side == side))
            {
                blocks.Add(new LabelledLine(DocumentWords.Side(side) + "：", DocumentWords.Particulars(party)));
                foreach (var agent in @case.Agents.Where(a => a.PartyId == party.Id))
                {
                    blocks.Add(new LabelledLine("委托代理人：", DocumentWords.Agent(agent)));
                }
            }
        }

        blocks.Add(new Gap(6));
        if (context.Kind == AgreementKind.Mediation)
        {
            blocks.Add(new Paragraph(AgreementWording.Fill(wording.Recital, organization, receivedOn, @case.Subject)));
        }
        else
        {
            // 和解 (调解仲裁法 art. 4): the parties negotiated themselves; no organization presided.
            blocks.Add(new Paragraph($"上列当事人因{@case.Subject}发生争议，经协商，双方当事人自愿达成如下和解协议："));
        }

        blocks.Add(new Heading("一、纠纷主要事实及争议事项"));
        blocks.Add(new Paragraph(context.Facts));
        blocks.Add(new Heading("二、协议内容"));
        for (var i = 0; i < context.Clauses.Count; i++)
        {
            var clause = context.Clauses[i];
            blocks.Add(new NumberedItem($"{i + 1}. ", clause.Text + DocumentWords.ClauseFacts(clause)));
        }

        blocks.Add(new Heading("三、协议效力及救济"));
        if (context.Kind == AgreementKind.Mediation)
        {
            blocks.Add(new Paragraph(AgreementWording.Fill(wording.Effect, organization, receivedOn, @case.Subject)));
            blocks.Add(new Paragraph(AgreementWording.Fill(wording.Remedies, organization, receivedOn, @case.Subject)));
            blocks.Add(new Paragraph(AgreementWording.Fill(wording.Copies, organization, receivedOn, @case.Subject)));
        }
        else
        {
            blocks.Add(new Paragraph("本和解协议自双方当事人完成电子签名之日起生效，当事人应当按照约定履行。一方不履行的，另一方可以依法申请调解、仲裁。本协议一式两份，双方各执一份，电子文本与纸质文本具有同等效力。"));
        }

        var title = context.Kind == AgreementKind.Mediation ? "劳动人事争议调解协议书" : "劳动争议和解协议";
        var slots = context.Slots.Select(s => new SlotSpec(s.Name, DocumentWords.Caption(s, organization), s.SignerName,
            s.Signer.Kind == SignerKind.Organization ? SlotKind.Seal : SlotKind.Signature)).ToList();
        return new DocumentSpec(title, @case.Number, context.VerificationUrl, blocks, slots) { Subtitle = @case.Number };
    }
}
