namespace Mediation.Server.Access;

/// <summary>The cookie scheme of a party's case-scoped session and the claims it carries.</summary>
public static class PartyAuthentication
{
    public const string Scheme = "Party";
    public const string CaseIdClaim = "case_id";
    public const string PartyIdClaim = "party_id";
    public const string SessionIdClaim = "party_session";
}

public static class Policies
{
    /// <summary>A staff member with a role, who has passed two-factor where the role requires it.</summary>
    public const string Staff = nameof(Staff);

    /// <summary>A signed-in staff member, two-factor or not: enough to enrol in two-factor and to sign out.</summary>
    public const string StaffSignedIn = nameof(StaffSignedIn);

    /// <summary>A party in a case-scoped session.</summary>
    public const string Party = nameof(Party);

    /// <summary>Anyone signed in, staff (past two-factor where the role requires it) or party; per-case checks decide the rest.</summary>
    public const string StaffOrParty = nameof(StaffOrParty);

    /// <summary>Anyone signed in, a staff member even before the second factor: enough to learn who one is (and that
    /// enrolment is due).</summary>
    public const string SignedIn = nameof(SignedIn);

    /// <summary>A platform admin (registers organizations, courts and their first accounts), past two-factor.</summary>
    public const string PlatformAdmin = nameof(PlatformAdmin);

    /// <summary>A clerk of a court, past two-factor.</summary>
    public const string CourtClerk = nameof(CourtClerk);
}

/// <summary><c>Security:*</c>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Roles whose members must sign in with a second factor. 调解 records and court rulings are
    /// reached through these accounts, so a stolen password alone must not be enough.</summary>
    public string[] RequireTwoFactorForRoles { get; set; } = [Domain.Access.Roles.PlatformAdmin, Domain.Access.Roles.CourtClerk];

    /// <summary>Whether that requirement is enforced. Unset: enforced everywhere but in Development.</summary>
    public bool? EnforceTwoFactor { get; set; }

    /// <summary>Wrong passwords from one address for one account before that address is locked out of it for
    /// <see cref="LockoutDuration"/> (other addresses may still sign in); also wrong authenticator codes before Identity
    /// locks the account (which needs the right password first).</summary>
    public int MaxFailedAccessAttempts { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in requests (password, code, recovery code) one client address may make per minute.</summary>
    public int SignInsPerAddressPerMinute { get; set; } = 10;

    /// <summary>Secure, <c>__Host-</c> prefixed cookies. Unset: on when <c>Invites:PublicBaseUrl</c> or <c>Urls</c> is https.</summary>
    public bool? SecureCookies { get; set; }
    public TimeSpan StaffSessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How often a staff session is checked against the account (disabled, password changed): a
    /// database read per signed-in user per interval, not per request.</summary>
    public TimeSpan StaffSessionRecheckInterval { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan PartySessionLifetime { get; set; } = TimeSpan.FromHours(72);
}
