using Mediation.Domain.Invites;

namespace Mediation.Domain.Tests;

public class OneTimeCodeTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    private static (OneTimeCode Code, string Digits) Issue() => OneTimeCode.Issue(Guid.NewGuid(), "13800000001", "127.0.0.1", Now);

    private static string WrongDigits(string digits) => digits == "000000" ? "000001" : "000000";

    [Fact]
    public void A_code_has_six_digits_and_is_stored_hashed()
    {
        var (code, digits) = Issue();
        Assert.Matches("^[0-9]{6}$", digits);
        Assert.Equal(32, code.CodeHash.Length);
        Assert.Equal(16, code.Salt.Length);
    }

    [Fact]
    public void The_right_code_is_accepted_once()
    {
        var (code, digits) = Issue();
        Assert.Equal(CodeCheck.Accepted, code.Verify(digits, Now.AddMinutes(1)));
        Assert.Equal(CodeCheck.AlreadyUsed, code.Verify(digits, Now.AddMinutes(2)));
    }

    [Fact]
    public void A_code_lives_five_minutes()
    {
        var (code, digits) = Issue();
        Assert.Equal(CodeCheck.Expired, code.Verify(digits, Now.AddMinutes(5)));
        var (fresh, freshDigits) = Issue();
        Assert.Equal(CodeCheck.Accepted, fresh.Verify(freshDigits, Now.AddMinutes(5).AddSeconds(-1)));
    }

    [Fact]
    public void Five_wrong_tries_spend_the_code()
    {
        var (code, digits) = Issue();
        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal(CodeCheck.Wrong, code.Verify(WrongDigits(digits), Now));
            Assert.Equal(5 - i, code.AttemptsLeft);
        }

        Assert.Equal(CodeCheck.TooManyAttempts, code.Verify(WrongDigits(digits), Now));
        Assert.Equal(CodeCheck.TooManyAttempts, code.Verify(digits, Now));
    }

    [Fact]
    public void Surrounding_spaces_are_forgiven()
    {
        var (code, digits) = Issue();
        Assert.Equal(CodeCheck.Accepted, code.Verify($" {digits} ", Now));
    }
}
