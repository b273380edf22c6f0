namespace Mediation.Domain.Organizations;

/// <summary>A mediation organization of one of the kinds in 劳动争议调解仲裁法 art. 10.</summary>
public sealed class MediationOrganization
{
    private MediationOrganization() { }

    public MediationOrganization(string name, OrganizationKind kind, string address, string dockingCourt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = Guid.NewGuid();
        Name = name.Trim();
        Kind = kind;
        Address = address;
        DockingCourt = dockingCourt;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public OrganizationKind Kind { get; private set; }
    public string Address { get; private set; } = "";

    /// <summary>The court this organization docks with for 司法确认 (民事诉讼法 art. 205).</summary>
    public string DockingCourt { get; private set; } = "";
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
