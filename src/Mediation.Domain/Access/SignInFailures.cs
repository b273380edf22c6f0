namespace Mediation.Domain.Access;

/// <summary>
/// Wrong passwords for one staff account from one client address. Reaching <c>maxFailures</c> within <c>window</c>
/// locks that address out of that account for <c>window</c>; every other address (the staff member's own) can still sign
/// in. So guessing from one place is stopped, and nobody can lock a staff member out of their account by guessing
/// from somewhere else. The failures are counted for the account holder, who is told of them at the next sign-in.
/// </summary>
public sealed class SignInFailures
{
    private SignInFailures() { }

    public SignInFailures(string account, string address, DateTime nowUtc)
    {
        Id = Guid.NewGuid();
        Account = account;
        Address = address;
        FirstFailureUtc = nowUtc;
        LastFailureUtc = nowUtc;
    }

    public Guid Id { get; private set; }
    /// <summary>The account as typed (the normalized e-mail), whether or not a staff account has it: an unknown one is
    /// counted and locked like a known one, so the answers do not tell them apart.</summary>
    public string Account { get; private set; } = "";

    /// <summary>The client address, as the server resolved it behind its proxy.</summary>
    public string Address { get; private set; } = "";
    public int Failures { get; private set; }
    public DateTime FirstFailureUtc { get; private set; }
    public DateTime LastFailureUtc { get; private set; }
    public DateTime? LockedUntilUtc { get; private set; }

    /// <summary>Failures the account holder has not been told of yet.</summary>
    public int Unreported { get; private set; }

    public bool IsLockedAt(DateTime nowUtc) => LockedUntilUtc > nowUtc;

    /// <summary>Counts a wrong password; an old run of failures (past the window, or past a lock) starts over.</summary>
    public void Fail(DateTime nowUtc, int maxFailures, TimeSpan window)
    {
        if (nowUtc - FirstFailureUtc > window || LockedUntilUtc is { } until && until <= nowUtc)
        {
            (Failures, FirstFailureUtc, LockedUntilUtc) = (0, nowUtc, null);
        }

        Failures++;
        Unreported++;
        LastFailureUtc = nowUtc;
        if (Failures >= maxFailures)
        {
            LockedUntilUtc = nowUtc + window;
        }
    }

    /// <summary>The account holder was told.</summary>
    public void Reported() => Unreported = 0;
}
