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

    /// <summary>性别 of a person (the agreement and the 司法确认申请书 state it).</summary>
    public Gender? Gender { get; private set; }

    /// <summary>出生日期 of a person.</summary>
    public DateOnly? BirthDate { get; private set; }

    /// <summary>民族 of a person, e.g. 汉族.</summary>
    public string? Ethnicity { get; private set; }

    /// <summary>One of the three to five representatives the workers of a collective dispute elected
    /// (调解仲裁法 art. 7; 劳动人事争议仲裁办案规则 art. 63).</summary>
    public bool IsRepresentative { get; private set; }

    public void Describe(string? address, string? workplace, string? legalRepresentative)
    {
        Address = string.IsNullOrWhiteSpace(address) ? null : address.Trim();
        Workplace = Kind == PartyKind.NaturalPerson && !string.IsNullOrWhiteSpace(workplace) ? workplace.Trim() : null;
        LegalRepresentative = Kind == PartyKind.Organization && !string.IsNullOrWhiteSpace(legalRepresentative) ? legalRepresentative.Trim() : null;
    }

    /// <summary>A person's gender, birth date and ethnicity; ignored for an organization. Where the identity
    /// card number is known, gender and birth date default to what it encodes (GB 11643).</summary>
    public void DescribePerson(Gender? gender, DateOnly? birthDate, string? ethnicity)
    {
        if (Kind != PartyKind.NaturalPerson)
        {
            return;
        }

        var fromCard = IdNumber is { } id && IdentityNumber.TryReadResidentCard(id, out var cardBirth, out var cardGender)
            ? (Birth: (DateOnly?)cardBirth, Gender: (Gender?)cardGender) : (null, null);
        Gender = gender ?? fromCard.Gender;
        BirthDate = birthDate ?? fromCard.Birth;
        Ethnicity = string.IsNullOrWhiteSpace(ethnicity) ? null : ethnicity.Trim();
    }

    internal void ElectAsRepresentative() => IsRepresentative = true;

    internal void CopyDescriptionFrom(CaseParty other)
    {
        Describe(other.Address, other.Workplace, other.LegalRepresentative);
        (Gender, BirthDate, Ethnicity, IsRepresentative) = (other.Gender, other.BirthDate, other.Ethnicity, other.IsRepresentative);
    }
}

public enum Gender
{
    Male,
    Female,
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
