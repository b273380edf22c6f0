namespace Mediation.Domain.Agreements;

/// <summary>
/// One version of an agreement: its clauses and facts while a draft; once frozen, the document's hash, the template
/// version that made it, its slots and the signatures given on it. A frozen version never changes its text: a
/// change makes the next version, and this one is superseded with its signatures void.
/// </summary>
public sealed class AgreementVersion
{
    private readonly List<GivenSignature> _signatures = [];
    private readonly List<SignatureSlot> _slots = [];
    private readonly List<Clause> _clauses = [];

    private AgreementVersion() { }

    internal AgreementVersion(int number, string facts, IReadOnlyList<Clause> clauses) => (Number, Facts, _clauses) = (number, facts, [.. clauses]);

    public int Number { get; private set; }

    /// <summary>纠纷主要事实 and 争议事项, as the document states them (人民调解法 art. 29).</summary>
    public string Facts { get; private set; } = "";

    public IReadOnlyList<Clause> Clauses => _clauses;

    public DateTime? FrozenAtUtc { get; private set; }

    /// <summary>The unsigned document as frozen (SHA-256, hex).</summary>
    public string? FrozenSha256 { get; private set; }

    /// <summary>The template version the document was made from.</summary>
    public int? TemplateVersion { get; private set; }

    public DateTime? SupersededAtUtc { get; private set; }

    public IReadOnlyList<SignatureSlot> Slots => _slots;

    public IReadOnlyList<GivenSignature> Signatures => _signatures;

    public bool IsFrozen => FrozenAtUtc is not null;

    public bool IsSuperseded => SupersededAtUtc is not null;

    /// <summary>Every party-side slot signed: the moment the agreement takes effect (在线调解规则 art. 19).</summary>
    public bool PartiesHaveSigned => _slots.Where(s => s.Signer.IsPartySide).All(s => SignatureIn(s.Name) is not null);

    public GivenSignature? SignatureIn(string slot) => _signatures.FirstOrDefault(s => s.Slot == slot);

    internal void Edit(string facts, IReadOnlyList<Clause> clauses)
    {
        Facts = facts;
        _clauses.Clear();
        _clauses.AddRange(clauses);
    }

    internal void Freeze(DateTime nowUtc, string sha256, int templateVersion, IReadOnlyList<SignatureSlot> slots)
    {
        (FrozenAtUtc, FrozenSha256, TemplateVersion) = (nowUtc, sha256, templateVersion);
        _slots.AddRange(slots);
    }

    internal void Supersede(DateTime nowUtc) => SupersededAtUtc = nowUtc;

    internal void Add(GivenSignature signature) => _signatures.Add(signature);
}
