namespace Mediation.Domain.Access;

/// <summary>The roles of the platform. Staff hold them through ASP.NET Core Identity; a party holds
/// <see cref="Party"/> only through a case-scoped session opened by an invite and a one-time code.</summary>
public static class Roles
{
    public const string PlatformAdmin = nameof(PlatformAdmin);
    public const string OrgAdmin = nameof(OrgAdmin);
    public const string Mediator = nameof(Mediator);
    public const string CourtClerk = nameof(CourtClerk);
    public const string Party = nameof(Party);

    /// <summary>Roles a staff account can hold (everything but <see cref="Party"/>).</summary>
    public static readonly IReadOnlyList<string> Staff = [PlatformAdmin, OrgAdmin, Mediator, CourtClerk];
}
