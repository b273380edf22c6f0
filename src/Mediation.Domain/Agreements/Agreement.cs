namespace Mediation.Domain.Agreements;

/// <summary>
/// A case's agreement through its versions: drafted by the mediator, frozen for signing, signed slot by slot on the
/// frozen version, and in effect on the day the last party signs (调解仲裁法 art. 14; 在线调解规则 art. 19). Editing
/// after freezing makes a new draft and supersedes the frozen version, whose signatures are then void.
/// </summary>
public sealed class Agreement : IVersioned
{
    public const int MaxClauses = 50;

    private readonly List<AgreementVersion> _versions = [];

    private Agreement() { }

    public Agreement(Guid caseId, AgreementKind kind)
    {
        Id = Guid.NewGuid();
        CaseId = caseId;
        Kind = kind;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public AgreementKind Kind { get; private set; }

    public IReadOnlyList<AgreementVersion> Versions => _versions;

    public AgreementVersion? Current => _versions.Count > 0 ? _versions[^1] : null;

    /// <summary>The day the last party signed; null until then.</summary>
    public DateOnly? EffectiveOn { get; private set; }

    /// <summary>The hash of the document as it now is (the current version's, frozen or signed). Kept on the
    /// agreement itself so that every signature changes the agreement's row, and two signers racing on the same
    /// bytes meet the optimistic concurrency check.</summary>
    public string? DocumentSha256 { get; private set; }

    public Guid Version { get; set; }

    /// <summary>Writes the draft: the current version while it is not frozen, else a new version that supersedes the
    /// frozen one. Refused once the agreement is in effect — a changed agreement is a new one.</summary>
    public DomainResult Draft(string facts, IReadOnlyList<Clause> clauses, DateTime nowUtc)
    {
        if (EffectiveOn is not null)
        {
            return DomainResult.Refuse("agreement-in-effect", "The agreement is in effect; it can no longer be changed.");
        }

        if (clauses.Count is 0 or > MaxClauses)
        {
            return DomainResult.Refuse("agreement-clauses", $"An agreement has between 1 and {MaxClauses} clauses.");
        }

        if (string.IsNullOrWhiteSpace(facts) || facts.Length > TextLimits.CaseFacts)
        {
            return DomainResult.Refuse("agreement-facts", $"The facts are required, at most {TextLimits.CaseFacts} characters.");
        }

        foreach (var clause in clauses)
        {
            var valid = clause.Validate();
            if (!valid.IsOk)
            {
                return valid;
            }
        }

        if (Current is { IsFrozen: false } draft)
        {
            draft.Edit(facts.Trim(), clauses);
            return DomainResult.Ok;
        }

        Current?.Supersede(nowUtc);
        _versions.Add(new AgreementVersion(_versions.Count + 1, facts.Trim(), clauses));
        DocumentSha256 = null;
        return DomainResult.Ok;
    }

    /// <summary>Freezes the draft as the document rendered from it, ready to sign in <paramref name="slots"/>.</summary>
    public DomainResult Freeze(DateTime nowUtc, string documentSha256, int templateVersion, IReadOnlyList<SignatureSlot> slots)
    {
        if (Current is not { IsFrozen: false } draft)
        {
            return DomainResult.Refuse("agreement-no-draft", "There is no draft to freeze.");
        }

        if (slots.Count == 0 || slots.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != slots.Count)
        {
            return DomainResult.Refuse("agreement-slots", "Each signature slot needs a name of its own.");
        }

        draft.Freeze(nowUtc, documentSha256, templateVersion, slots);
        DocumentSha256 = documentSha256;
        return DomainResult.Ok;
    }

    /// <summary>
    /// Records a signature in <paramref name="slot"/> of version <paramref name="version"/> by
    /// <paramref name="signer"/>, made on the document whose hash was <paramref name="sha256Before"/>. Signing again
    /// what one has signed changes nothing and is not an error.
    /// </summary>
    public (SigningOutcome Outcome, DomainResult Result) Sign(int version, string slot, Signer signer, DateTime nowUtc, DateOnly today, string sha256Before, string sha256After)
    {
        var frozen = _versions.FirstOrDefault(v => v.Number == version);
        if (frozen is not { IsFrozen: true })
        {
            return (SigningOutcome.Refused, DomainResult.Refuse("agreement-version-not-found", "There is no such version to sign."));
        }

        if (frozen.IsSuperseded)
        {
            return (SigningOutcome.Refused, DomainResult.Refuse("agreement-version-superseded", "This version was replaced by a later one; sign the current version."));
        }

        if (SlotSigning.Check(frozen.Slots, frozen.Signatures, slot, signer, DocumentSha256, sha256Before) is { } refused)
        {
            return refused;
        }

        frozen.Add(new GivenSignature(slot, signer.Kind, signer.Id, nowUtc, sha256Before, sha256After));
        DocumentSha256 = sha256After;
        if (signer.IsPartySide && frozen.PartiesHaveSigned)
        {
            EffectiveOn = today;
            return (SigningOutcome.TookEffect, DomainResult.Ok);
        }

        return (SigningOutcome.Signed, DomainResult.Ok);
    }
}

/// <summary>What a signature did.</summary>
public enum SigningOutcome
{
    Refused,
    Signed,
    AlreadySigned,
    /// <summary>It was the last party's: the agreement is in effect from today.</summary>
    TookEffect,
}
