namespace Mediation.Domain.Cases;

/// <summary>
/// A collective dispute: ten or more workers with a common claim (调解仲裁法 art. 7), who elect three to five
/// representatives (劳动人事争议仲裁办案规则 art. 63).
/// </summary>
public static class CollectiveDispute
{
    public const int MinimumWorkers = 10;
    public const int MinimumRepresentatives = 3;
    public const int MaximumRepresentatives = 5;

    public static bool Qualifies(int workersWithCommonClaim) => workersWithCommonClaim >= MinimumWorkers;

    public static DomainResult ValidateRepresentatives(int workers, int representatives) =>
        !Qualifies(workers) ? DomainResult.Refuse("collective-too-few-workers", $"A collective dispute needs at least {MinimumWorkers} workers with a common claim.")
        : representatives is < MinimumRepresentatives or > MaximumRepresentatives
            ? DomainResult.Refuse("collective-representatives", $"Workers elect {MinimumRepresentatives} to {MaximumRepresentatives} representatives.")
        : representatives > workers ? DomainResult.Refuse("collective-representatives", "Representatives must be among the workers.")
        : DomainResult.Ok;
}
