using System.Globalization;
using Mediation.Documents.Layout;
using Mediation.Domain.Agreements;
using Mediation.Domain.Calendar;
using Mediation.Domain.Cases;

namespace Mediation.Documents.Templates;

/// <summary>What a session's 调解笔录 is made from.</summary>
/// <param name="Case">The case, its parties.</param>
/// <param name="Lines">The record's lines of the session, in order (private lines included only where both sides
/// may read them: the caller filters).</param>
/// <param name="StartedAtUtc">When the session began.</param>
/// <param name="EndedAtUtc">When it ended.</param>
/// <param name="MediatorName">Who mediated and kept the record.</param>
/// <param name="Slots">Who confirms and signs it: the parties (or their agents) and the mediator.</param>
/// <param name="OrganizationName">The organization.</param>
/// <param name="VerificationUrl">Where the QR code leads.</param>
public sealed record MediationRecordContext(Case Case, IReadOnlyList<RecordEntry> Lines, DateTime StartedAtUtc, DateTime EndedAtUtc, string MediatorName,
    IReadOnlyList<SignatureSlot> Slots, string OrganizationName, Uri VerificationUrl);

/// <summary>
/// The 调解笔录 of an online session (domain.md §4.2; 在线调解规则 art. 22): the header (time, place online, mediator,
/// subject, parties, recorder), the notices read, the statements, the 无争议事实 set apart as the parties confirm
/// them, the outcome, and the signatures of the parties and the mediator.
/// </summary>
public static class MediationRecordTemplate
{
    public static DocumentSpec Spec(MediationRecordContext context)
    {
        var names = context.Case.Parties.ToDictionary(p => p.Id, p => p.Name);
        var start = ChinaTime.ToChinaTime(context.StartedAtUtc);
        var end = ChinaTime.ToChinaTime(context.EndedAtUtc);
        var blocks = new List<Block>
        {
            new LabelledLine("调解时间：", $"{start.ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture)}至{end.ToString("HH:mm", CultureInfo.InvariantCulture)}"),
            new LabelledLine("调解地点：", $"{context.OrganizationName}在线调解平台（音视频）"),
            new LabelledLine("案由：", context.Case.Subject),
            new LabelledLine("调解员：", context.MediatorName),
            new LabelledLine("记录人：", context.MediatorName),
        };
        foreach (var side in new[] { PartySide.Applicant, PartySide.Respondent })
        {
            foreach (var party in context.Case.Parties.Where(p => p.Side == side))
            {
                blocks.Add(new LabelledLine(DocumentWords.Side(side) + "：", DocumentWords.Particulars(party)));
            }
        }

        blocks.Add(new Heading("调解过程"));
        foreach (var line in context.Lines.Where(l => l.Kind != RecordEntryKind.UndisputedFact))
        {
            var who = line.PartyId is { } party && names.TryGetValue(party, out var name) ? name : "调解员";
            var at = ChinaTime.ToChinaTime(line.AtUtc).ToString("HH:mm", CultureInfo.InvariantCulture);
            blocks.Add(new LabelledLine($"{at} {who}：", line.Text));
        }

        // 在线调解规则 art. 22: the facts not in dispute are written down, whatever else the record is.
        var facts = context.Lines.Where(l => l.Kind == RecordEntryKind.UndisputedFact).ToList();
        blocks.Add(new Heading("无争议事实"));
        blocks.Add(facts.Count == 0 ? new Paragraph("本次调解未确认无争议事实。") : new Paragraph("经双方当事人确认，以下事实无争议："));
        for (var i = 0; i < facts.Count; i++)
        {
            blocks.Add(new NumberedItem($"{i + 1}. ", facts[i].Text));
        }

        blocks.Add(new Gap(6));
        blocks.Add(new Paragraph("以上笔录经当事人在线阅看，确认无误。在线调解形成的电子笔录与书面笔录具有同等效力（《人民法院在线调解规则》第二十二条）。"));
        var slots = context.Slots.Select(s => new SlotSpec(s.Name, DocumentWords.Caption(s, context.OrganizationName), s.SignerName, SlotKind.Signature)).ToList();
        return new DocumentSpec("调解笔录", context.Case.Number, context.VerificationUrl, blocks, slots) { Subtitle = context.Case.Number };
    }
}
