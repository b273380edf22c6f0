using Mediation.Domain.Agreements;
using Mediation.Domain.Cases;

namespace Mediation.Domain.Sessions;

/// <summary>
/// The 调解笔录 of one online session as a signed document (在线调解规则 art. 22: the record of an online mediation,
/// its 无争议事实 written down, is confirmed by the parties): made from the session's joint lines when it ends, then
/// read and signed by each party who was admitted to it and by the mediator, each in their own slot, each signature
/// an incremental update of the one before. Its text never changes: a correction is a new line in the case's record,
/// confirmed with the next session.
/// </summary>
public sealed class SessionRecord : IVersioned
{
    private readonly List<SignatureSlot> _slots = [];
    private readonly List<GivenSignature> _signatures = [];

    private SessionRecord() { }

    private SessionRecord(Guid caseId, Guid sessionId, string sha256, IReadOnlyList<SignatureSlot> slots, DateTime nowUtc)
    {
        Id = Guid.NewGuid();
        CaseId = caseId;
        SessionId = sessionId;
        FrozenSha256 = sha256;
        DocumentSha256 = sha256;
        CreatedAtUtc = nowUtc;
        _slots.AddRange(slots);
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public Guid SessionId { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>The document as made, before any signature (SHA-256, hex).</summary>
    public string FrozenSha256 { get; private set; } = "";

    /// <summary>The document as it now is: changes with every signature, so two signers racing meet the optimistic
    /// concurrency check on this row.</summary>
    public string DocumentSha256 { get; private set; } = "";

    public Guid Version { get; set; }

    public IReadOnlyList<SignatureSlot> Slots => _slots;

    public IReadOnlyList<GivenSignature> Signatures => _signatures;

    /// <summary>Everyone named has signed: the record is confirmed.</summary>
    public bool IsConfirmed => _slots.All(s => SignatureIn(s.Name) is not null);

    public GivenSignature? SignatureIn(string slot) => _signatures.FirstOrDefault(s => s.Slot == slot);

    /// <summary>The record of an ended session, rendered as the document whose hash is <paramref name="sha256"/>.</summary>
    public static (SessionRecord? Record, DomainResult Result) Make(MediationSession session, string sha256, IReadOnlyList<SignatureSlot> slots, DateTime nowUtc)
    {
        if (session.Status != SessionStatus.Ended)
        {
            return (null, DomainResult.Refuse("record-session-not-ended", "The record is made when the session ends."));
        }

        return slots.Count == 0 || slots.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != slots.Count
            ? (null, DomainResult.Refuse("record-slots", "Each signature slot needs a name of its own."))
            : (new SessionRecord(session.CaseId, session.Id, sha256, slots, nowUtc), DomainResult.Ok);
    }

    /// <summary>
    /// Who confirms a session's record: each party the mediator admitted to it (a party who never came in cannot
    /// confirm what was said), applicants first, then the mediator who kept it.
    /// </summary>
    public static IReadOnlyList<SignatureSlot> SignersOf(MediationSession session, Case @case, (string UserId, string Name) mediator)
    {
        var admitted = session.Attendees.Where(a => a.AdmittedAtUtc is not null && a.PartyId is not null).Select(a => a.PartyId!.Value).ToHashSet();
        var slots = new List<SignatureSlot>();
        foreach (var side in new[] { PartySide.Applicant, PartySide.Respondent })
        {
            var index = 0;
            foreach (var party in @case.Parties.Where(p => p.Side == side && admitted.Contains(p.Id)))
            {
                index++;
                slots.Add(new SignatureSlot($"{(side == PartySide.Applicant ? "applicant" : "respondent")}-{index}", new Signer(SignerKind.Party, party.Id.ToString()),
                    party.Name, side, party.Id, party.Name));
            }
        }

        slots.Add(new SignatureSlot("mediator", new Signer(SignerKind.Mediator, mediator.UserId), mediator.Name));
        return slots;
    }

    /// <summary>Records a signature made on the document whose hash was <paramref name="sha256Before"/>; signing
    /// again what one has signed changes nothing and is not an error.</summary>
    public (SigningOutcome Outcome, DomainResult Result) Sign(string slot, Signer signer, DateTime nowUtc, string sha256Before, string sha256After)
    {
        if (SlotSigning.Check(_slots, _signatures, slot, signer, DocumentSha256, sha256Before) is { } refused)
        {
            return refused;
        }

        _signatures.Add(new GivenSignature(slot, signer.Kind, signer.Id, nowUtc, sha256Before, sha256After));
        DocumentSha256 = sha256After;
        return (SigningOutcome.Signed, DomainResult.Ok);
    }
}
