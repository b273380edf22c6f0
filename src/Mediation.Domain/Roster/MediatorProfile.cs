namespace Mediation.Domain.Roster;

public enum MediatorStatus
{
    /// <summary>在册，可接受指派</summary>
    Active,
    /// <summary>暂停指派 (leave, training, a complaint under review)</summary>
    Suspended,
    /// <summary>已离册</summary>
    Left,
}

/// <summary>
/// A mediator's entry in the organization's roster (名册): certificate, specialties and status. Organizations
/// publish each mediator's fields of expertise (在线调解规则 art. 5) and keep a labour-dispute roster (art. 28).
/// </summary>
public sealed class MediatorProfile : IVersioned
{
    public const int MaxSpecialties = 10;

    private MediatorProfile() { }

    public MediatorProfile(string userId, Guid organizationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        UserId = userId;
        OrganizationId = organizationId;
    }

    public string UserId { get; private set; } = "";
    public Guid OrganizationId { get; private set; }
    public string? CertificateNumber { get; private set; }

    /// <summary>Fields of expertise, e.g. 工资争议, 工伤, 集体争议.</summary>
    public List<string> Specialties { get; private set; } = [];
    public MediatorStatus Status { get; private set; } = MediatorStatus.Active;
    public Guid Version { get; set; }

    public bool CanTakeCases => Status == MediatorStatus.Active;

    public DomainResult Update(string? certificateNumber, IReadOnlyList<string> specialties, MediatorStatus status)
    {
        var cleaned = specialties.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct().ToList();
        if (cleaned.Count > MaxSpecialties || cleaned.Any(s => s.Length > 20))
        {
            return DomainResult.Refuse("roster-specialties", $"At most {MaxSpecialties} specialties of up to 20 characters each.");
        }

        if (certificateNumber is { Length: > 64 })
        {
            return DomainResult.Refuse("roster-certificate", "The certificate number is too long.");
        }

        (CertificateNumber, Specialties, Status) = (string.IsNullOrWhiteSpace(certificateNumber) ? null : certificateNumber.Trim(), cleaned, status);
        return DomainResult.Ok;
    }
}
