using Mediation.Domain.Audit;

namespace Mediation.Domain.Tests;

public class AuditChainTests
{
    private static List<AuditEntry> Chain(int length)
    {
        var entries = new List<AuditEntry>();
        var at = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < length; i++)
        {
            entries.Add(AuditChain.Append(entries.LastOrDefault(), at.AddMinutes(i), "mediator-1", $"action-{i}", $"{{\"n\":{i}}}"));
        }

        return entries;
    }

    [Fact]
    public void An_untouched_chain_verifies()
    {
        var chain = Chain(10);
        Assert.True(AuditChain.Verify(chain, chain[^1].Hash).IsIntact);
        Assert.Equal(AuditChain.Genesis, chain[0].PreviousHash);
        Assert.Equal(chain[3].Hash, chain[4].PreviousHash);
    }

    [Fact]
    public void An_edited_entry_is_found()
    {
        var chain = Chain(10);
        chain[5] = chain[5] with { Details = "{\"n\":999}" };
        var result = AuditChain.Verify(chain);
        Assert.False(result.IsIntact);
        Assert.Equal(6, result.FirstBrokenSequence);
        Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deleted_entry_is_found()
    {
        var chain = Chain(10);
        chain.RemoveAt(3);
        var result = AuditChain.Verify(chain);
        Assert.False(result.IsIntact);
        Assert.Equal(5, result.FirstBrokenSequence);
    }

    [Fact]
    public void Reordered_entries_are_found()
    {
        var chain = Chain(10);
        (chain[6], chain[7]) = (chain[7], chain[6]);
        Assert.Equal(8, AuditChain.Verify(chain).FirstBrokenSequence);
    }

    [Fact]
    public void A_rewritten_tail_that_recomputes_its_hashes_is_found_by_the_kept_head()
    {
        var chain = Chain(10);
        var head = chain[^1].Hash;
        chain.RemoveRange(7, 3);
        Assert.True(AuditChain.Verify(chain).IsIntact); // a chain alone cannot see its end cut off
        var result = AuditChain.Verify(chain, head);
        Assert.False(result.IsIntact);
        Assert.Contains("removed", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Field_boundaries_matter_to_the_hash()
    {
        var at = DateTime.UtcNow;
        Assert.NotEqual(
            AuditChain.ComputeHash(1, at, "ab", "c", "", AuditChain.Genesis),
            AuditChain.ComputeHash(1, at, "a", "bc", "", AuditChain.Genesis));
    }
}
