using System.Net.Http.Json;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Domain.Cases;
using Mediation.Domain.Organizations;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Server.Tests;

/// <summary>Every case endpoint, called by every kind of caller, on the caller's own case and on a foreign one. A
/// court clerk's own case is the one the clerk's court delegated; everyone else's is the demo case.</summary>
public abstract class AuthorizationMatrixTests(DatabaseProvider provider) : IDisposable
{
    private readonly ServerFactory _server = ServerFactory.On(provider);

    public void Dispose() => _server.Dispose();

    private static readonly string[] Endpoints =
    [
        "GET detail", "GET invites", "POST invite", "POST command", "GET timeline", "GET record", "POST record", "GET evidence",
        "POST agent", "POST change request", "POST dismiss request", "GET sessions", "POST session", "GET next session",
        "GET agreement", "PUT agreement", "POST freeze", "GET agreement document", "POST signing code", "POST signature", "GET performance notice",
        "GET records", "GET record document", "POST record signing code", "POST record signature",
    ];

    private static async Task<int> CallAsync(HttpClient client, string endpoint, Case @case)
    {
        var id = @case.Id;
        var response = endpoint switch
        {
            "GET detail" => await client.GetAsync($"/api/cases/{id}"),
            "GET invites" => await client.GetAsync($"/api/cases/{id}/invites"),
            "POST invite" => await client.PostAsync($"/api/cases/{id}/parties/{@case.Parties[0].Id}/invites", null),
            // Archive is not legal for a case in mediation: whoever passes authorization gets 409, not 200.
            "POST command" => await client.PostAsJsonAsync($"/api/cases/{id}/commands", new { command = "Archive", version = @case.Version }),
            "GET timeline" => await client.GetAsync($"/api/cases/{id}/timeline"),
            "GET record" => await client.GetAsync($"/api/cases/{id}/record"),
            // Writes carry a version no case has: whoever passes authorization gets 409, and nothing changes.
            "POST record" => await client.PostAsJsonAsync($"/api/cases/{id}/record/entries", new { kind = "Statement", text = "陈述", version = Guid.Empty }),
            "GET evidence" => await client.GetAsync($"/api/cases/{id}/evidence"),
            "POST agent" => await client.PostAsJsonAsync($"/api/cases/{id}/agents",
                new { partyId = @case.Parties[0].Id, name = "周律师", phone = "13600000008", kind = "Lawyer", authority = "Special", version = Guid.Empty }),
            // Only a party asks; the demo case has a mediator, so the party's own request succeeds (200).
            "POST change request" => await client.PostAsJsonAsync($"/api/cases/{id}/mediator-change-request", new { reason = "调解员与对方相识" }),
            "POST dismiss request" => await client.PostAsJsonAsync($"/api/cases/{id}/mediator-change-request/dismiss", new { reason = "无回避事由", version = Guid.Empty }),
            "GET sessions" => await client.GetAsync($"/api/cases/{id}/sessions"),
            // A start in the past is refused by the domain: whoever passes authorization gets 400, and no SMS goes out.
            "POST session" => await client.PostAsJsonAsync($"/api/cases/{id}/sessions", new { startsAtUtc = DateTime.UtcNow.AddDays(-1) }),
            "GET next session" => await client.GetAsync($"/api/cases/{id}/sessions/next"),
            // The demo case has no agreement and is not yet in mediation: whoever passes authorization learns so (404),
            // or may not draft nor freeze now (409).
            "GET agreement" => await client.GetAsync($"/api/cases/{id}/agreement"),
            "PUT agreement" => await client.PutAsJsonAsync($"/api/cases/{id}/agreement", new { kind = "Mediation", facts = "事实", clauses = Array.Empty<object>() }),
            "POST freeze" => await client.PostAsJsonAsync($"/api/cases/{id}/agreement/freeze", new { }),
            "GET agreement document" => await client.GetAsync($"/api/cases/{id}/agreement/document"),
            "POST signing code" => await client.PostAsJsonAsync($"/api/cases/{id}/agreement/signing-code", new { slot = "applicant-1" }),
            "POST signature" => await client.PostAsJsonAsync($"/api/cases/{id}/agreement/signatures", new { version = 1, slot = "applicant-1", strokes = Array.Empty<object>(), padAspect = 3.0 }),
            "GET performance notice" => await client.GetAsync($"/api/cases/{id}/agreement/performance-notice"),
            // No session of the demo case has ended: the list is empty, and a record asked for by id is not there (404).
            "GET records" => await client.GetAsync($"/api/cases/{id}/records"),
            "GET record document" => await client.GetAsync($"/api/cases/{id}/records/{Guid.NewGuid()}/document"),
            "POST record signing code" => await client.PostAsJsonAsync($"/api/cases/{id}/records/{Guid.NewGuid()}/signing-code", new { slot = "applicant-1" }),
            "POST record signature" => await client.PostAsJsonAsync($"/api/cases/{id}/records/{Guid.NewGuid()}/signatures",
                new { version = 1, slot = "applicant-1", strokes = Array.Empty<object>(), padAspect = 3.0 }),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
        };
        return (int)response.StatusCode;
    }

    [Fact]
    public async Task Every_caller_gets_exactly_what_its_relation_to_the_case_allows()
    {
        var own = await _server.DemoCaseAsync();
        var delegated = await _server.DelegatedDemoCaseAsync();
        var foreign = await ForeignCaseAsync();
        await _server.AddStaffAsync("unassigned@demo.local", Roles.Mediator, own.OrganizationId);

        var callers = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = _server.NewClient(),
            ["org admin"] = await _server.SignedInAsync("orgadmin@demo.local"),
            ["assigned mediator"] = await _server.SignedInAsync("mediator@demo.local"),
            ["unassigned mediator"] = await _server.SignedInAsync("unassigned@demo.local"),
            ["court clerk"] = await _server.SignedInAsync("clerk@demo.local"),
            ["platform admin"] = await _server.SignedInAsync("admin@demo.local"),
            ["party"] = await _server.PartyClientAsync(own, PartySide.Applicant),
        };

        // Expected status per caller: own case, then foreign case, in the order of Endpoints.
        var expected = new Dictionary<string, (int[] Own, int[] Foreign)>
        {
            ["anonymous"] = ([401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401], [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401]),
            ["org admin"] = ([200, 200, 201, 409, 200, 200, 409, 200, 409, 401, 409, 200, 400, 200, 404, 403, 403, 404, 401, 404, 404, 200, 404, 401, 404], [403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 403, 403, 403, 403, 403, 403, 403, 403, 401, 403, 403, 403, 403, 401, 403]),
            ["assigned mediator"] = ([200, 200, 201, 403, 200, 200, 409, 200, 409, 401, 403, 200, 400, 200, 404, 409, 409, 404, 401, 404, 404, 200, 404, 401, 404], [403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 403, 403, 403, 403, 403, 403, 403, 403, 401, 403, 403, 403, 403, 401, 403]),
            ["unassigned mediator"] = ([403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 403, 403, 403, 403, 403, 403, 403, 403, 401, 403, 403, 403, 403, 401, 403], [403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 403, 403, 403, 403, 403, 403, 403, 403, 401, 403, 403, 403, 403, 401, 403]),
            // Reads only, and only of what the clerk's court delegated.
            ["court clerk"] = ([200, 403, 403, 403, 200, 200, 403, 200, 403, 401, 403, 200, 403, 200, 404, 403, 403, 404, 401, 403, 404, 200, 404, 401, 403], [403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 403, 403, 403, 403, 403, 403, 403, 403, 401, 403, 403, 403, 403, 401, 403]),
            ["platform admin"] = ([403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 403, 403, 403, 403, 403, 403, 403, 403, 401, 403, 403, 403, 403, 401, 403], [403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 403, 403, 403, 403, 403, 403, 403, 403, 401, 403, 403, 403, 403, 401, 403]),
            // A party holds no staff session: staff endpoints answer 401 even for the party's own case.
            ["party"] = ([200, 401, 401, 403, 401, 200, 401, 200, 401, 200, 401, 401, 401, 200, 404, 401, 401, 404, 404, 404, 404, 200, 404, 404, 404], [403, 401, 401, 403, 401, 403, 401, 403, 401, 403, 401, 401, 401, 403, 403, 401, 401, 403, 403, 403, 403, 403, 403, 403, 403]),
        };

        var mismatches = new List<string>();
        foreach (var (caller, client) in callers)
        {
            for (var i = 0; i < Endpoints.Length; i++)
            {
                var ownStatus = await CallAsync(client, Endpoints[i], caller == "court clerk" ? delegated : own);
                var foreignStatus = await CallAsync(client, Endpoints[i], foreign);
                if (ownStatus != expected[caller].Own[i])
                {
                    mismatches.Add($"{caller} {Endpoints[i]} own case: {ownStatus}, expected {expected[caller].Own[i]}");
                }

                if (foreignStatus != expected[caller].Foreign[i])
                {
                    mismatches.Add($"{caller} {Endpoints[i]} foreign case: {foreignStatus}, expected {expected[caller].Foreign[i]}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>The endpoints about no one case: what each caller may read of the whole (its answer is scoped to the
    /// caller, which the features' own tests check).</summary>
    private static readonly string[] WideEndpoints = ["GET work", "GET cases", "GET roster", "GET staff", "GET organizations", "GET courts", "GET court organizations",
        "GET own agreement wording", "GET other agreement wording", "GET docking keys", "GET docking organizations"];

    private static readonly Dictionary<string, string> WidePaths = new()
    {
        ["GET work"] = "/api/work",
        ["GET cases"] = "/api/cases",
        ["GET roster"] = "/api/roster",
        ["GET staff"] = "/api/staff",
        ["GET organizations"] = "/api/organizations",
        ["GET courts"] = "/api/courts",
        ["GET court organizations"] = "/api/court/organizations",
        ["GET own agreement wording"] = "/api/organizations/{own}/agreement-wording",
        ["GET other agreement wording"] = "/api/organizations/{other}/agreement-wording",
        ["GET docking keys"] = "/api/courts/{court}/docking-keys",
        // Signed by a court's key or nothing: no cookie of anyone's opens it.
        ["GET docking organizations"] = "/api/docking/v1/organizations",
    };

    [Fact]
    public async Task Every_caller_gets_exactly_what_its_role_allows_of_the_endpoints_about_no_one_case()
    {
        var own = await _server.DemoCaseAsync();
        var other = await ForeignCaseAsync();
        var court = (await _server.DelegatedDemoCaseAsync()).DelegatingCourtId!.Value;
        var callers = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = _server.NewClient(),
            ["org admin"] = await _server.SignedInAsync("orgadmin@demo.local"),
            ["mediator"] = await _server.SignedInAsync("mediator@demo.local"),
            ["court clerk"] = await _server.SignedInAsync("clerk@demo.local"),
            ["platform admin"] = await _server.SignedInAsync("admin@demo.local"),
            ["party"] = await _server.PartyClientAsync(own, PartySide.Applicant),
        };

        // In the order of WideEndpoints.
        var expected = new Dictionary<string, int[]>
        {
            ["anonymous"] = [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
            ["org admin"] = [200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 401],
            ["mediator"] = [200, 200, 200, 403, 200, 200, 403, 200, 403, 403, 401],
            ["court clerk"] = [200, 200, 403, 403, 200, 200, 200, 403, 403, 403, 401],
            ["platform admin"] = [200, 200, 403, 200, 200, 200, 403, 200, 200, 200, 401],
            ["party"] = [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
        };

        var mismatches = new List<string>();
        foreach (var (caller, client) in callers)
        {
            for (var i = 0; i < WideEndpoints.Length; i++)
            {
                var path = WidePaths[WideEndpoints[i]].Replace("{own}", own.OrganizationId.ToString(), StringComparison.Ordinal)
                    .Replace("{other}", other.OrganizationId.ToString(), StringComparison.Ordinal).Replace("{court}", court.ToString(), StringComparison.Ordinal);
                var status = (int)(await client.GetAsync(path)).StatusCode;
                if (status != expected[caller][i])
                {
                    mismatches.Add($"{caller} {WideEndpoints[i]}: {status}, expected {expected[caller][i]}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private async Task<Case> ForeignCaseAsync()
    {
        using var scope = _server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MediationDbContext>();
        var organization = new MediationOrganization("淄川区劳动争议调解委员会", OrganizationKind.TownshipLaborMediation, "淄川区", null);
        db.Organizations.Add(organization);
        var @case = new Case(organization.Id, "劳调〔2026〕第0009号", "另一组织的案件", DateTime.UtcNow);
        @case.AddParty(PartySide.Applicant, PartyKind.NaturalPerson, "孙丽", null, "13500000007");
        @case.Accept("test", DateTime.UtcNow);
        db.Cases.Add(@case);
        await db.SaveChangesAsync();
        return @case;
    }

}

public sealed class AuthorizationMatrixTestsOnSqlite() : AuthorizationMatrixTests(DatabaseProvider.Sqlite);

public sealed class AuthorizationMatrixTestsOnPostgres() : AuthorizationMatrixTests(DatabaseProvider.PostgreSql);
