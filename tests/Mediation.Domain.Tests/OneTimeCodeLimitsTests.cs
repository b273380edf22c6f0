using Mediation.Domain.Invites;

namespace Mediation.Domain.Tests;

public class OneTimeCodeLimitsTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
    private readonly OneTimeCodeLimits _limits = new();

    [Fact]
    public void The_first_code_goes_at_once() => Assert.Equal(TimeSpan.Zero, _limits.RetryAfter([], Now));

    [Fact]
    public void A_second_code_waits_for_the_resend_interval()
    {
        Assert.Equal(TimeSpan.FromSeconds(40), _limits.RetryAfter([Now.AddSeconds(-20)], Now));
        Assert.Equal(TimeSpan.Zero, _limits.RetryAfter([Now.AddSeconds(-60)], Now));
    }

    [Fact]
    public void At_most_five_codes_go_to_a_phone_in_an_hour()
    {
        var sent = Enumerable.Range(1, 5).Select(i => Now.AddMinutes(-10 * i)).ToList(); // 10..50 minutes ago
        // The oldest (50 minutes ago) leaves the window in 10 minutes.
        Assert.Equal(TimeSpan.FromMinutes(10), _limits.RetryAfter(sent, Now));
        Assert.Equal(TimeSpan.Zero, _limits.RetryAfter(sent, Now.AddMinutes(10).AddTicks(1)));
    }

    [Fact]
    public void Codes_older_than_an_hour_do_not_count() =>
        Assert.Equal(TimeSpan.Zero, _limits.RetryAfter(Enumerable.Range(0, 10).Select(i => Now.AddHours(-1).AddMinutes(-i)).ToList(), Now));
}
