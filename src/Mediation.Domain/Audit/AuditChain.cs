using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mediation.Domain.Audit;

/// <summary>One entry of a case's audit log. <see cref="Hash"/> covers every field and the previous entry's
/// hash, so an edit, a deletion or a reordering anywhere breaks the chain from there on (电子签名法 art. 13:
/// later changes must be detectable).</summary>
public sealed record AuditEntry(long Sequence, DateTime AtUtc, string Actor, string Action, string Details, string PreviousHash, string Hash);

public readonly record struct AuditVerification(bool IsIntact, long? FirstBrokenSequence, string? Problem);

public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    public static AuditEntry Append(AuditEntry? previous, DateTime atUtc, string actor, string action, string details) =>
        Append(previous?.Sequence ?? 0, previous?.Hash ?? Genesis, atUtc, actor, action, details);

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>Appends knowing only the head of the chain, so the whole log need not be loaded to extend it.</summary>
    public static AuditEntry Append(long previousSequence, string previousHash, DateTime atUtc, string actor, string action, string details)
    {
        var sequence = previousSequence + 1;
        // Hash the time as it will be stored: PostgreSQL keeps microseconds, so 100 ns ticks would not hash alike
        // after a round trip and the chain would read as broken.
        atUtc = new DateTime(atUtc.Ticks - (atUtc.Ticks % TicksPerMicrosecond), DateTimeKind.Utc);
        return new AuditEntry(sequence, atUtc, actor, action, details, previousHash, ComputeHash(sequence, atUtc, actor, action, details, previousHash));
    }

    /// <summary>SHA-256 over the fields, each length-prefixed so no two different entries serialize alike.</summary>
    public static string ComputeHash(long sequence, DateTime atUtc, string actor, string action, string details, string previousHash)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, DateTime.SpecifyKind(atUtc, DateTimeKind.Utc).Ticks);
        hash.AppendData(number);
        foreach (var field in new[] { actor, action, details, previousHash })
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt64BigEndian(number, bytes.Length);
            hash.AppendData(number);
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Walks the chain from the start and reports the first entry that does not hold. A chain cannot
    /// tell by itself that entries were cut off its end, so the case keeps the head hash and passes it as
    /// <paramref name="expectedHeadHash"/>.</summary>
    public static AuditVerification Verify(IReadOnlyList<AuditEntry> entries, string? expectedHeadHash = null)
    {
        var expectedPrevious = Genesis;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (e.Sequence != i + 1)
            {
                return new(false, e.Sequence, string.Create(CultureInfo.InvariantCulture, $"entry {i + 1} is missing or out of order (found {e.Sequence})"));
            }

            if (e.PreviousHash != expectedPrevious)
            {
                return new(false, e.Sequence, $"entry {e.Sequence} does not follow the entry before it");
            }

            if (ComputeHash(e.Sequence, e.AtUtc, e.Actor, e.Action, e.Details, e.PreviousHash) != e.Hash)
            {
                return new(false, e.Sequence, $"entry {e.Sequence} was altered");
            }

            expectedPrevious = e.Hash;
        }

        if (expectedHeadHash is not null && expectedHeadHash != expectedPrevious)
        {
            return new(false, entries.Count + 1, "entries after the last one were removed");
        }

        return new(true, null, null);
    }
}
