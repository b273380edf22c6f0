using System.Security.Cryptography;
using System.Text;

namespace Mediation.Domain.Invites;

/// <summary>
/// An invitation for one party of one case. The link carries a random token; only its SHA-256 is stored, so
/// a copy of the database cannot be turned into working links. An invite expires, can be revoked, and is
/// redeemed once: the device that proves the party's phone with a one-time code gets the session, and a
/// second use of the same link is refused.
/// </summary>
public sealed class Invite : IVersioned
{
    private const int TokenBytes = 32;

    private Invite() { }

    private Invite(Guid caseId, Guid partyId, string tokenHash, string createdByUserId, DateTime nowUtc, TimeSpan lifetime)
    {
        Id = Guid.NewGuid();
        CaseId = caseId;
        PartyId = partyId;
        TokenHash = tokenHash;
        CreatedByUserId = createdByUserId;
        CreatedAtUtc = nowUtc;
        ExpiresAtUtc = nowUtc + lifetime;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public Guid PartyId { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the token in the link.</summary>
    public string TokenHash { get; private set; } = "";
    public string CreatedByUserId { get; private set; } = "";
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime ExpiresAtUtc { get; private set; }
    public DateTime? RevokedAtUtc { get; private set; }
    public DateTime? RedeemedAtUtc { get; private set; }
    public Guid Version { get; set; }

    /// <summary>Creates an invite and the token for its link; the token is returned once and never stored.</summary>
    public static (Invite Invite, string Token) Issue(Guid caseId, Guid partyId, string createdByUserId, DateTime nowUtc, TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), "An invite must live for some time.");
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));
        return (new Invite(caseId, partyId, HashToken(token), createdByUserId, nowUtc, lifetime), token);
    }

    public static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Revocation wins over everything; then a used invite stays used; then time runs out.</summary>
    public InviteState StateAt(DateTime nowUtc) =>
        RevokedAtUtc is not null ? InviteState.Revoked
        : RedeemedAtUtc is not null ? InviteState.Redeemed
        : nowUtc >= ExpiresAtUtc ? InviteState.Expired
        : InviteState.Pending;

    public void Revoke(DateTime nowUtc) => RevokedAtUtc ??= nowUtc;

    public void Redeem(DateTime nowUtc)
    {
        var state = StateAt(nowUtc);
        if (state != InviteState.Pending)
        {
            throw new InvalidOperationException($"An invite in state {state} cannot be redeemed.");
        }

        RedeemedAtUtc = nowUtc;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public enum InviteState
{
    Pending,
    Redeemed,
    Expired,
    Revoked,
}
