namespace Mediation.CourtDocking.Messages;

/// <summary>A party as the court sends it. <see cref="Kind"/>: NaturalPerson or Organization; its side is
/// implied by the list it is in.</summary>
public sealed record DockingParty(string Kind, string Name, string? IdNumber, string Phone, string? Address = null, string? LegalRepresentative = null,
    bool IsRepresentative = false);

/// <summary>A claim: <see cref="Category"/> one of the platform's claim categories (LaborRemuneration, …);
/// <see cref="Obligor"/> Applicant or Respondent.</summary>
public sealed record DockingClaim(string Category, string Description, decimal? Amount, string? Obligor = null);

/// <summary>
/// Court → organization: a dispute delegated for mediation before filing (委派调解, 在线调解规则 art. 2). The court's
/// own number for it (<see cref="CourtReference"/>) makes it idempotent: sent again, it answers with the case it
/// made. It lands in the same intake as a clerk's delegation on the portal.
/// </summary>
public sealed record DelegatedCase(Guid OrganizationId, string CourtReference, string Subject, string Facts, DateTimeOffset? ReceivedAt,
    IReadOnlyList<DockingParty> Applicants, IReadOnlyList<DockingParty> Respondents, IReadOnlyList<DockingClaim> Claims);

/// <summary>The organization's receipt: the case it made (or had made for this reference) and where it stands.</summary>
public sealed record DelegationReceipt(Guid CaseId, string CaseNumber, string Status, bool Created);

/// <summary>An organization the court may delegate to: one that docks with it and takes cases now.</summary>
public sealed record DockingOrganization(Guid Id, string Name, string Address, IReadOnlyList<string> AcceptedCategories);
