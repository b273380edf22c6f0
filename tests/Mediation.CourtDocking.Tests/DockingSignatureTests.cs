using System.Diagnostics;
using System.Text;

namespace Mediation.CourtDocking.Tests;

/// <summary>The docking's request signature: the string it covers, the HMAC as OpenSSL computes it independently, and
/// every part of a request it protects.</summary>
public class DockingSignatureTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_796_000_000);

    private static DockingRequestParts Parts(string body = """{"courtReference":"(2026)鲁0303诉前调1号"}""") =>
        new("POST", "/api/docking/v1/delegations", Now.ToUnixTimeSeconds(), "0123456789abcdef0123456789abcdef", "delegation-(2026)鲁0303诉前调1号", Encoding.UTF8.GetBytes(body));

    [Fact]
    public void The_string_signed_has_the_scheme_and_each_part_on_a_line_of_its_own()
    {
        var body = Encoding.UTF8.GetBytes("""{"courtReference":"(2026)鲁0303诉前调1号"}""");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body));
        Assert.Equal(
            $"MEDIATION-DOCKING-HMAC-SHA256-V1\nPOST\n/api/docking/v1/delegations\n1796000000\n0123456789abcdef0123456789abcdef\ndelegation-(2026)鲁0303诉前调1号\n{hash}",
            DockingSignature.CanonicalString(Parts() with { Method = "post" }));
    }

    [Fact]
    public void The_signature_is_the_hmac_openssl_computes_over_that_string()
    {
        var canonical = DockingSignature.CanonicalString(Parts());
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, canonical, new UTF8Encoding(false));
            using var openssl = Process.Start(new ProcessStartInfo("openssl", ["dgst", "-sha256", "-mac", "HMAC", "-macopt", "hexkey:" + Convert.ToHexString(Secret), "-binary", path])
            {
                RedirectStandardOutput = true,
            })!;
            using var output = new MemoryStream();
            openssl.StandardOutput.BaseStream.CopyTo(output);
            openssl.WaitForExit();
            Assert.Equal(0, openssl.ExitCode);
            Assert.Equal(Convert.ToBase64String(output.ToArray()), DockingSignature.Compute(Secret, Parts()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_change_to_any_part_or_the_key_breaks_the_signature_and_a_time_outside_the_window_is_stale()
    {
        var signature = DockingSignature.Compute(Secret, Parts());
        Assert.Equal(DockingCheck.Valid, DockingSignature.Check(Secret, Parts(), signature, Now));
        Assert.Equal(DockingCheck.Valid, DockingSignature.Check(Secret, Parts(), signature, Now.AddMinutes(4)));

        var changed = new[]
        {
            Parts() with { Method = "PUT" },
            Parts() with { PathAndQuery = "/api/docking/v1/delegations?x=1" },
            Parts() with { Nonce = "0123456789abcdef0123456789abcdee" },
            Parts() with { IdempotencyKey = "delegation-other" },
            Parts("""{"courtReference":"(2026)鲁0303诉前调2号"}"""),
        };
        Assert.All(changed, p => Assert.Equal(DockingCheck.BadSignature, DockingSignature.Check(Secret, p, signature, Now)));
        var otherKey = Secret.Select(b => (byte)(b ^ 0xff)).ToArray();
        Assert.Equal(DockingCheck.BadSignature, DockingSignature.Check(otherKey, Parts(), signature, Now));
        Assert.Equal(DockingCheck.BadSignature, DockingSignature.Check(Secret, Parts(), "not base64!", Now));
        Assert.Equal(DockingCheck.BadSignature, DockingSignature.Check(Secret, Parts(), Convert.ToBase64String(new byte[16]), Now));

        // Outside five minutes either way: the clock of one side or a replay from long ago.
        Assert.Equal(DockingCheck.Stale, DockingSignature.Check(Secret, Parts(), signature, Now.AddMinutes(6)));
        Assert.Equal(DockingCheck.Stale, DockingSignature.Check(Secret, Parts(), signature, Now.AddMinutes(-6)));
    }

    [Theory]
    [InlineData("key-1", "1796000000", "0123456789abcdef", "delegation-1", "c2ln", true)]
    [InlineData("", "1796000000", "0123456789abcdef", "delegation-1", "c2ln", false)]
    [InlineData("key-1\nforged log line", "1796000000", "0123456789abcdef", "delegation-1", "c2ln", false)]
    [InlineData("key-1", "-1796000000", "0123456789abcdef", "delegation-1", "c2ln", false)]
    [InlineData("key-1", "17960000.5", "0123456789abcdef", "delegation-1", "c2ln", false)]
    [InlineData("key-1", "1796000000", "0123456789abcde", "delegation-1", "c2ln", false)]
    [InlineData("key-1", "1796000000", "0123456789abcdef-", "delegation-1", "c2ln", false)]
    [InlineData("key-1", "1796000000", "0123456789abcdef", "", "c2ln", false)]
    [InlineData("key-1", "1796000000", "0123456789abcdef", "with space", "c2ln", false)]
    [InlineData("key-1", "1796000000", "0123456789abcdef", "delegation-1", "", false)]
    [InlineData("key-1", "1796000000", "0123456789abcdef", "delegation-1", null, false)]
    public void Headers_that_are_missing_or_malformed_are_told_apart_before_any_key_is_looked_up(string? key, string? time, string? nonce, string? idempotency,
        string? signature, bool wellFormed)
    {
        Assert.Equal(wellFormed, DockingSignature.WellFormed(key, time, nonce, idempotency, signature, out var seconds));
        Assert.Equal(wellFormed ? 1_796_000_000 : seconds, seconds);
    }

    [Fact]
    public async Task The_signing_handler_signs_each_try_anew_and_keeps_the_messages_idempotency_key()
    {
        var seen = new List<HttpRequestMessage>();
        var bodies = new List<byte[]>();
        var time = new FixedTime(Now);
        using var client = new HttpClient(new DockingSigningHandler("zd-key", Secret, time) { InnerHandler = new Recorder(seen, bodies) })
        {
            BaseAddress = new Uri("http://127.0.0.1:9/"),
        };

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/docking/v1/delegations") { Content = new StringContent("""{"a":1}""", Encoding.UTF8, "application/json") };
            request.Headers.Add(DockingHeaders.IdempotencyKey, "delegation-1");
            await client.SendAsync(request);
        }

        Assert.Equal(2, seen.Count);
        for (var i = 0; i < 2; i++)
        {
            var h = seen[i].Headers;
            var parts = new DockingRequestParts("POST", "/api/docking/v1/delegations", long.Parse(h.GetValues(DockingHeaders.Timestamp).Single(), System.Globalization.CultureInfo.InvariantCulture),
                h.GetValues(DockingHeaders.Nonce).Single(), h.GetValues(DockingHeaders.IdempotencyKey).Single(), bodies[i]);
            Assert.Equal("zd-key", h.GetValues(DockingHeaders.KeyId).Single());
            Assert.Equal(DockingCheck.Valid, DockingSignature.Check(Secret, parts, h.GetValues(DockingHeaders.Signature).Single(), Now));
        }

        Assert.NotEqual(seen[0].Headers.GetValues(DockingHeaders.Nonce).Single(), seen[1].Headers.GetValues(DockingHeaders.Nonce).Single());
        Assert.Equal("delegation-1", seen[1].Headers.GetValues(DockingHeaders.IdempotencyKey).Single());

        using var unkeyed = new HttpRequestMessage(HttpMethod.Get, "/api/docking/v1/organizations");
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendAsync(unkeyed));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class Recorder(List<HttpRequestMessage> seen, List<byte[]> bodies) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request);
            bodies.Add(request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken));
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        }
    }
}
