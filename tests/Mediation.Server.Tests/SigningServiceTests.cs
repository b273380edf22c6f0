using System.Net.Http.Headers;
using System.Net.Http.Json;
using Mediation.Data;
using Mediation.Server.Agreements;
using Mediation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Server.Tests;

/// <summary>What the signing service keeps to, whatever the document: with <c>Signing:TimestampAuthorityUrl</c> every
/// signature time-stamped by that authority (PAdES B-T) and none made while it is away; one active root however many
/// nodes ask for it first.</summary>
public sealed class SigningServiceTests : IDisposable
{
    private readonly OpenSslTimestampAuthority _tsa = new();
    private readonly ServerFactory _server;

    public SigningServiceTests() => _server = new ServerFactory(settings: new Dictionary<string, string?>
    {
        ["Signing:TimestampAuthorityUrl"] = _tsa.Url.ToString(),
        ["Signing:TimestampTimeout"] = "00:00:05",
    });

    public void Dispose()
    {
        _server.Dispose();
        _tsa.Dispose();
    }

    [Fact]
    public async Task With_an_authority_configured_each_signature_is_time_stamped_and_none_is_made_while_it_is_away()
    {
        var @case = await _server.DemoCaseAsync();
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        var detail = await (await mediator.GetAsync($"/api/cases/{@case.Id}")).JsonAsync();
        (await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/commands",
            new { command = "StartMediation", version = detail.GetProperty("case").GetProperty("version").GetGuid() })).EnsureSuccessStatusCode();
        await _server.AgreementSignedByThePartiesAsync(await _server.DemoCaseAsync(), mediator);
        Assert.Equal(2, _tsa.Answered);

        // The authority away: the mediator's signature is refused (try again later), and the document is as it was.
        var before = await mediator.GetByteArrayAsync($"/api/cases/{@case.Id}/agreement/document");
        _tsa.Down = true;
        var sign = new { version = 1, slot = "mediator", strokes = ServerFactory.Strokes, padAspect = 3.0, password = ServerFactory.DemoPassword };
        await (await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/agreement/signatures", sign)).AssertProblemAsync(503, "signature-timestamp-unavailable");
        Assert.Equal(before, await mediator.GetByteArrayAsync($"/api/cases/{@case.Id}/agreement/document"));
        _tsa.Down = false;
        (await mediator.PostAsJsonAsync($"/api/cases/{@case.Id}/agreement/signatures", sign)).EnsureSuccessStatusCode();

        using var content = new ByteArrayContent(await mediator.GetByteArrayAsync($"/api/cases/{@case.Id}/agreement/document"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var verified = await (await _server.NewClient().PostAsync("/api/verify", content)).JsonAsync();
        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.ToString());
        Assert.All(verified.GetProperty("signatures").EnumerateArray(), s =>
        {
            Assert.True(s.GetProperty("timestamp").GetProperty("valid").GetBoolean());
            Assert.Equal("测试时间戳服务", s.GetProperty("timestamp").GetProperty("authority").GetString());
        });
    }

    [Fact]
    public async Task Two_nodes_asking_for_the_first_root_at_once_end_with_one_root_both_use()
    {
        // Two key stores over one database stand for two nodes; neither has a root yet.
        using (var before = _server.Services.CreateScope())
        {
            Assert.Empty(await before.ServiceProvider.GetRequiredService<MediationDbContext>().SigningKeys.AsNoTracking().ToListAsync());
        }

        var stores = Enumerable.Range(0, 2).Select(_ => ActivatorUtilities.CreateInstance<SigningKeyStore>(_server.Services)).ToList();
        var roots = await Task.WhenAll(stores.Select(s => s.RootAsync(CancellationToken.None)));
        Assert.Equal(roots[0].Certificate.Thumbprint, roots[1].Certificate.Thumbprint);

        using var scope = _server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
        Assert.Single(await db.SigningKeys.AsNoTracking().Where(k => k.Kind == SigningKeyKind.Root).ToListAsync());

        // And the database itself keeps it to one, whoever writes.
        var (certificate, key) = roots[0].Export("another passphrase, not a secret");
        db.SigningKeys.Add(new SigningKey(SigningKeyKind.Root, null, certificate, key, DateTime.UtcNow));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        stores.ForEach(s => s.Dispose());
    }
}
