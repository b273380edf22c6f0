namespace Mediation.Domain.Cases;

/// <summary>An applicant or a respondent of a case: a natural person (usually the worker) or an
/// organization (usually the employer).</summary>
public sealed class CaseParty
{
    private CaseParty() { }

    internal CaseParty(Guid caseId, PartySide side, PartyKind kind, string name, string? idNumber, string phone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!PhoneNumber.IsMobile(phone))
        {
            throw new ArgumentException($"'{phone}' is not a mainland mobile number.", nameof(phone));
        }

        Id = Guid.NewGuid();
        CaseId = caseId;
        Side = side;
        Kind = kind;
        Name = name.Trim();
        IdNumber = idNumber;
        Phone = phone;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public PartySide Side { get; private set; }
    public PartyKind Kind { get; private set; }

    /// <summary>A person's name, or an organization's registered name.</summary>
    public string Name { get; private set; } = "";

    /// <summary>居民身份证号 of a person, or 统一社会信用代码 of an organization.</summary>
    public string? IdNumber { get; private set; }

    /// <summary>The mobile number one-time codes go to: for an organization, its contact person's.</summary>
    public string Phone { get; private set; } = "";

    /// <summary>住址 of a person, 住所 of an organization.</summary>
    public string? Address { get; private set; }

    /// <summary>A worker's 工作单位及岗位.</summary>
    public string? Workplace { get; private set; }

    /// <summary>An organization's 法定代表人或主要负责人.</summary>
    public string? LegalRepresentative { get; private set; }

    public void Describe(string? address, string? workplace, string? legalRepresentative)
    {
        Address = string.IsNullOrWhiteSpace(address) ? null : address.Trim();
        Workplace = Kind == PartyKind.NaturalPerson && !string.IsNullOrWhiteSpace(workplace) ? workplace.Trim() : null;
        LegalRepresentative = Kind == PartyKind.Organization && !string.IsNullOrWhiteSpace(legalRepresentative) ? legalRepresentative.Trim() : null;
    }
}

public enum PartySide
{
    /// <summary>申请人</summary>
    Applicant,
    /// <summary>被申请人</summary>
    Respondent,
}

public enum PartyKind
{
    NaturalPerson,
    Organization,
}
