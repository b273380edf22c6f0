namespace Mediation.Domain.Cases;

/// <summary>What a line of the 调解笔录 records (在线调解规则 arts. 13, 17, 21, 22; 人民调解法 art. 27).</summary>
public enum RecordEntryKind
{
    /// <summary>A notice read to the parties: nature and effect of mediation, rights and duties, 虚假调解 warning.</summary>
    Notice,
    /// <summary>An identity check made (证件比对) and its result.</summary>
    IdentityCheck,
    /// <summary>A conflict-of-interest disclosure (art. 13) and the parties' answer.</summary>
    Disclosure,
    /// <summary>What a party said.</summary>
    Statement,
    /// <summary>A fact both sides confirmed (无争议事实, art. 22).</summary>
    UndisputedFact,
    /// <summary>A proposal for settlement.</summary>
    Proposal,
    /// <summary>The mediator's note.</summary>
    Note,
    /// <summary>The outcome, or why mediation failed and what raised the other side's costs (art. 21).</summary>
    Outcome,
    /// <summary>The header of an online session: time, place (online), who was present, when it ended.</summary>
    Session,
    /// <summary>A chat message of an online session, kept as said (in a private room, marked as such).</summary>
    Chat,
}

/// <summary>
/// One line of a case's mediation record. The record only grows: a correction is a new line that says so, so the
/// record read back is the record as it was kept, and each line is also in the case's hash-chained audit log.
/// </summary>
public sealed class RecordEntry
{
    public const int MaxTextLength = 4000;

    private RecordEntry() { }

    internal RecordEntry(Guid caseId, int sequence, RecordEntryKind kind, Guid? partyId, string text, string author, DateTime atUtc, PartySide? privateTo,
        Guid? reference)
    {
        PrivateTo = privateTo;
        Reference = reference;
        CaseId = caseId;
        Sequence = sequence;
        Kind = kind;
        PartyId = partyId;
        Text = text;
        Author = author;
        AtUtc = atUtc;
    }

    public Guid CaseId { get; private set; }
    public int Sequence { get; private set; }
    public RecordEntryKind Kind { get; private set; }

    /// <summary>The party the line is about or by (statements, identity checks).</summary>
    public Guid? PartyId { get; private set; }
    public string Text { get; private set; } = "";
    public string Author { get; private set; } = "";
    public DateTime AtUtc { get; private set; }

    /// <summary>Said in one side's private room (背对背): staff and that side read it, the other side does not.</summary>
    public PartySide? PrivateTo { get; private set; }

    /// <summary>The sender's own id for the line (a chat line's): a line sent again after a failure is kept once.</summary>
    public Guid? Reference { get; private set; }
}
