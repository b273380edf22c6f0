using System.Text.RegularExpressions;
using Mediation.Domain.Cases;

namespace Mediation.Domain.Organizations;

/// <summary>A mediation organization of one of the kinds in 劳动争议调解仲裁法 art. 10, registered on the platform by
/// a platform admin, with the kinds of dispute it takes and the court it docks with.</summary>
public sealed partial class MediationOrganization : IVersioned
{
    public const int MaxNameLength = 200;

    private readonly List<ClaimCategory> _acceptedCategories = [];

    private MediationOrganization() { }

    public MediationOrganization(string name, OrganizationKind kind, string address, Guid? dockingCourtId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = Guid.NewGuid();
        Name = name.Trim();
        Kind = kind;
        Address = address.Trim();
        DockingCourtId = dockingCourtId;
        _acceptedCategories.AddRange(Enum.GetValues<ClaimCategory>());
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public OrganizationKind Kind { get; private set; }
    public string Address { get; private set; } = "";

    /// <summary>The telephone the public calls (shown on the online application page).</summary>
    public string? ContactPhone { get; private set; }

    /// <summary>The court this organization docks with for delegated cases and 司法确认 (民事诉讼法 art. 205:
    /// the basic court where the mediation organization is located).</summary>
    public Guid? DockingCourtId { get; private set; }

    /// <summary>The kinds of claim the organization mediates. An application with a claim outside them is not
    /// registered here: the applicant is pointed to another organization, or staff transfer the case.</summary>
    public IReadOnlyList<ClaimCategory> AcceptedCategories => _acceptedCategories;

    /// <summary>A suspended organization takes no new applications; its cases stay reachable.</summary>
    public bool Suspended { get; private set; }
    public Guid Version { get; set; }

    public DomainResult Update(string name, OrganizationKind kind, string address, string? contactPhone, Guid? dockingCourtId,
        IReadOnlyCollection<ClaimCategory> acceptedCategories, bool suspended)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            return DomainResult.Refuse("organization-name", $"The name is required, at most {MaxNameLength} characters.");
        }

        if (acceptedCategories.Count == 0)
        {
            return DomainResult.Refuse("organization-categories", "An organization accepts at least one kind of dispute.");
        }

        if (!string.IsNullOrWhiteSpace(contactPhone) && !Telephone().IsMatch(contactPhone.Trim()))
        {
            return DomainResult.Refuse("organization-phone", "The contact telephone has digits, spaces, +, - and brackets only.");
        }

        Name = name.Trim();
        Kind = kind;
        Address = address.Trim();
        ContactPhone = string.IsNullOrWhiteSpace(contactPhone) ? null : contactPhone.Trim();
        DockingCourtId = dockingCourtId;
        _acceptedCategories.Clear();
        _acceptedCategories.AddRange(acceptedCategories.Distinct().Order());
        Suspended = suspended;
        return DomainResult.Ok;
    }

    /// <summary>Whether the organization takes a claim of this kind.</summary>
    public bool Accepts(ClaimCategory category) => _acceptedCategories.Contains(category);

    [GeneratedRegex(@"^[0-9+\-() ]{5,20}$")]
    private static partial Regex Telephone();
}

/// <summary>Kinds of labour-dispute mediation organization (调解仲裁法 art. 10, plus the regional and
/// industry organizations the Zibo plan names).</summary>
public enum OrganizationKind
{
    /// <summary>企业劳动争议调解委员会</summary>
    EnterpriseCommittee,
    /// <summary>依法设立的基层人民调解组织</summary>
    PeoplesMediationCommittee,
    /// <summary>在乡镇、街道设立的具有劳动争议调解职能的组织</summary>
    TownshipLaborMediation,
    /// <summary>区域性调解组织</summary>
    Regional,
    /// <summary>行业性调解组织</summary>
    Industry,
}
