namespace Mediation.Domain.Invites;

/// <summary>A party's signed-in session, scoped to the one case and party its invite was for. Revoking the
/// invite ends it; it also ends on its own after its lifetime.</summary>
public sealed class PartySession
{
    private PartySession() { }

    public PartySession(Invite invite, DateTime nowUtc, TimeSpan lifetime)
    {
        Id = Guid.NewGuid();
        InviteId = invite.Id;
        CaseId = invite.CaseId;
        PartyId = invite.PartyId;
        CreatedAtUtc = nowUtc;
        ExpiresAtUtc = nowUtc + lifetime;
    }

    public Guid Id { get; private set; }
    public Guid InviteId { get; private set; }
    public Guid CaseId { get; private set; }
    public Guid PartyId { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime ExpiresAtUtc { get; private set; }
    public DateTime? RevokedAtUtc { get; private set; }

    public bool IsActiveAt(DateTime nowUtc) => RevokedAtUtc is null && nowUtc < ExpiresAtUtc;

    public void Revoke(DateTime nowUtc) => RevokedAtUtc ??= nowUtc;
}
