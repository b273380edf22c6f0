using Mediation.Domain.Invites;

namespace Mediation.Domain.Tests;

public class InviteTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    private static (Invite Invite, string Token) Issue() =>
        Invite.Issue(Guid.NewGuid(), Guid.NewGuid(), "mediator-1", Now, TimeSpan.FromDays(7));

    [Fact]
    public void Only_the_hash_of_the_token_is_kept()
    {
        var (invite, token) = Issue();
        Assert.NotEqual(token, invite.TokenHash);
        Assert.Equal(Invite.HashToken(token), invite.TokenHash);
        Assert.Equal(64, invite.TokenHash.Length);
        Assert.True(token.Length >= 43, "the token carries 256 random bits");
    }

    [Fact]
    public void Tokens_are_unguessable_and_distinct() =>
        Assert.Equal(100, Enumerable.Range(0, 100).Select(_ => Issue().Token).Distinct().Count());

    [Fact]
    public void An_invite_is_pending_until_it_expires()
    {
        var (invite, _) = Issue();
        Assert.Equal(InviteState.Pending, invite.StateAt(Now.AddDays(7).AddTicks(-1)));
        Assert.Equal(InviteState.Expired, invite.StateAt(Now.AddDays(7)));
    }

    [Fact]
    public void An_invite_is_redeemed_once()
    {
        var (invite, _) = Issue();
        invite.Redeem(Now.AddMinutes(1));
        Assert.Equal(InviteState.Redeemed, invite.StateAt(Now.AddMinutes(2)));
        Assert.Throws<InvalidOperationException>(() => invite.Redeem(Now.AddMinutes(3)));
    }

    [Fact]
    public void Revocation_wins_over_redemption_and_expiry()
    {
        var (invite, _) = Issue();
        invite.Redeem(Now.AddMinutes(1));
        invite.Revoke(Now.AddMinutes(2));
        invite.Revoke(Now.AddMinutes(5));
        Assert.Equal(InviteState.Revoked, invite.StateAt(Now.AddDays(30)));
        Assert.Equal(Now.AddMinutes(2), invite.RevokedAtUtc);
    }

    [Fact]
    public void An_expired_or_revoked_invite_cannot_be_redeemed()
    {
        var (expired, _) = Issue();
        Assert.Throws<InvalidOperationException>(() => expired.Redeem(Now.AddDays(8)));
        var (revoked, _) = Issue();
        revoked.Revoke(Now);
        Assert.Throws<InvalidOperationException>(() => revoked.Redeem(Now.AddMinutes(1)));
    }

    [Fact]
    public void A_party_session_ends_when_revoked_or_when_its_lifetime_is_over()
    {
        var (invite, _) = Issue();
        var session = new PartySession(invite, Now, TimeSpan.FromHours(72));
        Assert.Equal(invite.CaseId, session.CaseId);
        Assert.True(session.IsActiveAt(Now.AddHours(71)));
        Assert.False(session.IsActiveAt(Now.AddHours(72)));
        session.Revoke(Now.AddHours(1));
        Assert.False(session.IsActiveAt(Now.AddHours(2)));
    }
}
