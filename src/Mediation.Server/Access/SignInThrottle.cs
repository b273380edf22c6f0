using Mediation.Data;
using Mediation.Domain.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Access;

/// <summary>Wrong passwords since the account holder last signed in, from addresses other than the one they use now.</summary>
public sealed record SignInNotice(int FailedAttempts, DateTime LastAttemptUtc);

/// <summary>
/// The staff sign-in's defences that Identity's lockout lacks: wrong passwords lock out the address they came from, for
/// that account only (<see cref="SignInFailures"/>), counted by the e-mail typed whether or not an account has it, so an
/// unknown address answers exactly like a known one; and a password check for an unknown account costs the same time
/// as for a known one.
/// </summary>
public sealed class SignInThrottle(MediationDbContext db, IPasswordHasher<StaffUser> hasher, IOptions<SecurityOptions> options, TimeProvider time)
{
    /// <summary>A hash made once, so an unknown account's sign-in verifies a password as long as a known one's does.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<StaffUser>().HashPassword(new StaffUser(), Guid.NewGuid().ToString("N")));

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static string AccountOf(string email) => email.Trim().ToUpperInvariant();

    /// <summary>When the address may try the account again, if it is locked out of it now.</summary>
    public async Task<DateTime?> LockedUntilAsync(string email, string address, CancellationToken ct)
    {
        var account = AccountOf(email);
        var row = await db.SignInFailures.AsNoTracking().FirstOrDefaultAsync(f => f.Account == account && f.Address == address, ct);
        return row is not null && row.IsLockedAt(Now) ? row.LockedUntilUtc : null;
    }

    /// <summary>Spends the time of a password check on no account.</summary>
    public void CheckNothing(string? password) => hasher.VerifyHashedPassword(new StaffUser(), DecoyHash.Value, password ?? "");

    /// <summary>Counts a wrong password for the account typed, from the address; returns when the address is locked out
    /// of it if this failure locked it.</summary>
    public async Task<DateTime?> FailAsync(string email, string address, CancellationToken ct)
    {
        var account = AccountOf(email);
        var row = await db.SignInFailures.FirstOrDefaultAsync(f => f.Account == account && f.Address == address, ct);
        if (row is null)
        {
            row = new SignInFailures(account, address, Now);
            db.SignInFailures.Add(row);
        }

        var security = options.Value;
        row.Fail(Now, security.MaxFailedAccessAttempts, security.LockoutDuration);
        await db.SaveChangesAsync(ct);
        return row.IsLockedAt(Now) ? row.LockedUntilUtc : null;
    }

    /// <summary>The account holder signed in from the address: its failures are forgiven, and the failures from anywhere
    /// else that they have not been told of yet are returned, now told.</summary>
    public async Task<SignInNotice?> SucceededAsync(string email, string address, CancellationToken ct)
    {
        var account = AccountOf(email);
        var rows = await db.SignInFailures.Where(f => f.Account == account).ToListAsync(ct);
        db.SignInFailures.RemoveRange(rows.Where(r => r.Address == address));
        var elsewhere = rows.Where(r => r.Address != address && r.Unreported > 0).ToList();
        var notice = elsewhere.Count == 0 ? null : new SignInNotice(elsewhere.Sum(r => r.Unreported), elsewhere.Max(r => r.LastFailureUtc));
        elsewhere.ForEach(r => r.Reported());
        await db.SaveChangesAsync(ct);
        return notice;
    }
}
