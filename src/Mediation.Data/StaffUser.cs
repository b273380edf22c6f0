using Microsoft.AspNetCore.Identity;

namespace Mediation.Data;

/// <summary>A staff account (platform admin, organization admin, mediator, court clerk). Parties have no
/// account: they come in through invites.</summary>
public sealed class StaffUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The mediation organization the account belongs to; none for platform admins and court clerks.</summary>
    public Guid? OrganizationId { get; set; }

    /// <summary>The court a court clerk works for; none for everyone else.</summary>
    public Guid? CourtId { get; set; }
}
