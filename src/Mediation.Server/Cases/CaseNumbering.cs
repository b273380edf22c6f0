using Mediation.Data;
using Mediation.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Cases;

/// <summary>Case numbers per organization and year (劳调〔2026〕第0001号), and saving a new case under the next one.</summary>
internal static class CaseNumbering
{
    /// <summary>The word before the year in case numbers.</summary>
    public const string NumberPrefix = "劳调";

    /// <summary>Enough for a burst of registrations at one organization: each attempt loses only to one that won.</summary>
    private const int MaxAttempts = 10;

    public static async Task<string> NextNumberAsync(MediationDbContext db, Guid organizationId, int year, CancellationToken ct)
    {
        var prefix = $"{NumberPrefix}〔{year}〕";
        // Sequences are zero-padded to four digits and grow longer past 9999: the longest, then greatest, is the last.
        var last = await db.Cases.Where(c => c.OrganizationId == organizationId && c.Number.StartsWith(prefix))
            .OrderByDescending(c => c.Number.Length).ThenByDescending(c => c.Number).Select(c => c.Number).FirstOrDefaultAsync(ct);
        var next = (last is not null && CaseNumber.TryParse(last, out _, out _, out var seq) ? seq : 0) + 1;
        return CaseNumber.Format(NumberPrefix, year, next);
    }

    /// <summary>Creates the case under the organization's next number and saves it. Two registrations that take the
    /// same number at once collide on the unique index; the loser takes the next number.</summary>
    public static async Task<Case> SaveNewAsync(MediationDbContext db, Guid organizationId, DateTime receivedAtUtc, Func<string, Case> create, CancellationToken ct)
    {
        var year = CaseIntakeRules.YearOf(receivedAtUtc);
        for (var attempt = 0; ; attempt++)
        {
            var @case = create(await NextNumberAsync(db, organizationId, year, ct));
            db.Cases.Add(@case);
            try
            {
                await db.SaveChangesAsync(ct);
                return @case;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
