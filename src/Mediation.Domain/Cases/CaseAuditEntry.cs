using Mediation.Domain.Audit;

namespace Mediation.Domain.Cases;

/// <summary>A stored entry of a case's hash-chained audit log.</summary>
public sealed class CaseAuditEntry
{
    private CaseAuditEntry() { }

    internal CaseAuditEntry(Guid caseId, AuditEntry entry)
    {
        CaseId = caseId;
        Sequence = entry.Sequence;
        AtUtc = entry.AtUtc;
        Actor = entry.Actor;
        Action = entry.Action;
        Details = entry.Details;
        PreviousHash = entry.PreviousHash;
        Hash = entry.Hash;
    }

    public Guid CaseId { get; private set; }
    public long Sequence { get; private set; }
    public DateTime AtUtc { get; private set; }
    public string Actor { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string Details { get; private set; } = "";
    public string PreviousHash { get; private set; } = "";
    public string Hash { get; private set; } = "";

    public AuditEntry ToEntry() => new(Sequence, AtUtc, Actor, Action, Details, PreviousHash, Hash);
}

/// <summary>How an application reached the organization.</summary>
public enum IntakeChannel
{
    /// <summary>Registered by staff from a written application.</summary>
    Staff,
    /// <summary>口头申请, recorded on the spot (调解仲裁法 art. 12).</summary>
    Oral,
    /// <summary>The public online application ("一码维权").</summary>
    Online,
    /// <summary>委派/委托 by a court through the docking.</summary>
    CourtDelegated,
    /// <summary>Transferred from another organization.</summary>
    Transfer,
}
