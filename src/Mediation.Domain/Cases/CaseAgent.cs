namespace Mediation.Domain.Cases;

/// <summary>
/// A party's 委托代理人: a lawyer, a close relative, a trade-union official or another citizen the party entrusted,
/// with the scope the 授权委托书 states. The scope matters at signing: only a specially authorised agent may admit,
/// waive or change claims and conclude the agreement for the party (民事诉讼法 art. 62, which the agreement template
/// follows: "the worker, in person or by a specially authorised agent").
/// </summary>
public sealed class CaseAgent
{
    public const int MaxNameLength = 100;

    private CaseAgent() { }

    internal CaseAgent(Guid caseId, Guid partyId, string name, string phone, string? idNumber, AgentKind kind, AgentAuthority authority)
    {
        Id = Guid.NewGuid();
        CaseId = caseId;
        PartyId = partyId;
        Name = name.Trim();
        Phone = phone;
        IdNumber = string.IsNullOrWhiteSpace(idNumber) ? null : idNumber.Trim().ToUpperInvariant();
        Kind = kind;
        Authority = authority;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }

    /// <summary>The party the agent acts for.</summary>
    public Guid PartyId { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>The mobile number the agent's one-time codes go to.</summary>
    public string Phone { get; private set; } = "";
    public string? IdNumber { get; private set; }
    public AgentKind Kind { get; private set; }
    public AgentAuthority Authority { get; private set; }

    /// <summary>Whether the agent may conclude and sign the agreement for the party.</summary>
    public bool MayConcludeAgreement => Authority == AgentAuthority.Special;

    internal static DomainResult Validate(string name, string phone, string? idNumber)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            return DomainResult.Refuse("agent-name", $"The agent's name is required, at most {MaxNameLength} characters.");
        }

        if (!PhoneNumber.IsMobile(phone))
        {
            return DomainResult.Refuse("agent-phone", "A mainland mobile number is required: the one-time codes go to it.");
        }

        return idNumber is { Length: > 0 } id && !IdentityNumber.IsResidentId(id)
            ? DomainResult.Refuse("agent-id-number", "Not a valid 18-character resident identity card number.")
            : DomainResult.Ok;
    }
}

/// <summary>Who the agent is to the party.</summary>
public enum AgentKind
{
    /// <summary>律师</summary>
    Lawyer,
    /// <summary>基层法律服务工作者</summary>
    LegalServiceWorker,
    /// <summary>近亲属</summary>
    CloseRelative,
    /// <summary>工会推荐的人员</summary>
    TradeUnion,
    /// <summary>用人单位的工作人员</summary>
    EmployerStaff,
    /// <summary>其他公民</summary>
    OtherCitizen,
}

/// <summary>The scope of the 授权委托书 (民事诉讼法 art. 62).</summary>
public enum AgentAuthority
{
    /// <summary>一般授权: attends, states, presents evidence; cannot dispose of the claims.</summary>
    General,
    /// <summary>特别授权: may also admit, waive or change claims and conclude the agreement.</summary>
    Special,
}
