namespace Mediation.Documents.Layout;

/// <summary>
/// A document as the renderer sets it: a title, the case number on every page, the blocks of text in order, and the
/// places where people sign. Templates make one from a case; the renderer knows nothing of mediation.
/// </summary>
/// <param name="Title">The title on the first page (调解协议书 …) and in the PDF's metadata.</param>
/// <param name="CaseNumber">Printed at the top of every page.</param>
/// <param name="VerificationUrl">Where the QR code on the first page leads: the page that checks the signatures.</param>
/// <param name="Blocks">The text, in order.</param>
/// <param name="Slots">The places to sign, after the text.</param>
public sealed record DocumentSpec(string Title, string CaseNumber, Uri VerificationUrl, IReadOnlyList<Block> Blocks, IReadOnlyList<SlotSpec> Slots)
{
    /// <summary>Printed under the title (the document's own number, as "( )字第 号" forms have).</summary>
    public string? Subtitle { get; init; }

    /// <summary>Printed across every page: the mark of a draft shown for reading (a document for signing has none).</summary>
    public string? Watermark { get; init; }
}

/// <summary>A piece of the document's flow.</summary>
public abstract record Block;

/// <summary>A section heading (一、争议事项).</summary>
public sealed record Heading(string Text) : Block;

/// <summary>A paragraph, first line indented by two characters as Chinese documents are.</summary>
public sealed record Paragraph(string Text, bool Indent = true) : Block;

/// <summary>A label and its value on one line, wrapped under the value (甲方：张三 …).</summary>
public sealed record LabelledLine(string Label, string Value) : Block;

/// <summary>A numbered item (the clauses of an agreement), hanging under its number.</summary>
public sealed record NumberedItem(string Number, string Text) : Block;

/// <summary>Vertical space.</summary>
public sealed record Gap(double Points) : Block;

/// <summary>What goes in a slot: a person's handwritten signature or an organization's seal.</summary>
public enum SlotKind
{
    Signature,
    Seal,
}

/// <summary>
/// A place to sign: an empty PDF signature field of that name, drawn with its caption, filled later by the signer
/// (an incremental update, so the document's earlier bytes never change).
/// </summary>
/// <param name="Name">The field's name (/T), unique in the document: the slot's identity to the signer.</param>
/// <param name="Caption">Printed above the field (申请人（签名）).</param>
/// <param name="SignerName">Who signs there (for the signer's page and the verification report).</param>
/// <param name="Kind">A signature or a seal: the field's size and its appearance once signed.</param>
public sealed record SlotSpec(string Name, string Caption, string SignerName, SlotKind Kind);
