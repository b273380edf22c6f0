using System.Text;
using Mediation.Data;
using Mediation.Testing;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Tests;

public sealed class HealthAndProblemTests : IClassFixture<HealthAndProblemTests.Server>
{
    public sealed class Server() : ServerFactory("Development");

    private readonly Server _server;

    public HealthAndProblemTests(Server server) => _server = server;

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Health_endpoints_answer_on_the_embedded_database(string path)
    {
        var health = await (await _server.NewClient().GetAsync(path)).JsonAsync();
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Malformed_json_gets_a_problem_that_names_nothing_of_the_server()
    {
        foreach (var body in new[] { "{ not json", "", "{\"email\": 5}" })
        {
            var response = await _server.NewClient().PostAsync("/api/auth/sign-in", new StringContent(body, Encoding.UTF8, "application/json"));
            var problem = await response.AssertProblemAsync(400, "request-unreadable");
            Assert.DoesNotContain("SignInRequest", problem.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("parameter", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("/api/no/such/thing")]
    [InlineData("/media/no/such/thing")]
    public async Task An_unknown_api_path_gets_a_problem_not_the_web_app(string path) =>
        await (await _server.NewClient().GetAsync(path)).AssertProblemAsync(404, "endpoint-not-found");

    [Fact]
    public async Task Client_side_routes_get_the_web_app()
    {
        var response = await _server.NewClient().GetAsync("/app/cases");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, html);
        Assert.Contains("<div id=\"app\"></div>", html, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_endpoints_and_the_ui_is_served()
    {
        var document = await (await _server.NewClient().GetAsync("/openapi/v1.json")).JsonAsync();
        Assert.Equal("Mediation.Online API", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/cases/{caseId}/commands", paths);
        Assert.Contains("/media/echo/offer", paths);
        var ui = await _server.NewClient().GetAsync("/api-docs/index.html");
        Assert.Equal(200, (int)ui.StatusCode);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/api/auth/me")]
    public async Task Every_response_carries_the_browser_hardening_headers(string path)
    {
        var response = await _server.NewClient().GetAsync(path);
        Assert.Equal(Hosting.SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }
}

/// <summary>The same server on PostgreSQL, chosen by <c>ConnectionStrings:Mediation</c>.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task The_server_runs_on_postgresql_and_readiness_follows_the_database()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        using var server = new ServerFactory(settings: new Dictionary<string, string?> { ["ConnectionStrings:Mediation"] = database.ConnectionString });
        var mediator = await server.SignedInAsync("mediator@demo.local");
        var cases = await (await mediator.GetAsync("/api/cases")).JsonAsync();
        Assert.Equal("劳调〔2026〕第0001号", cases.GetProperty("items")[0].GetProperty("number").GetString());
        Assert.Equal("Healthy", (await (await server.NewClient().GetAsync("/readyz")).JsonAsync()).GetProperty("status").GetString());

        await database.DropAsync();

        var ready = await server.NewClient().GetAsync("/readyz");
        Assert.Equal(503, (int)ready.StatusCode);
        Assert.Equal(200, (int)(await server.NewClient().GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task The_migrate_command_prepares_a_database_and_exits()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        using var data = new TemporaryDirectory();
        var run = await ServerProcess.RunToEndAsync(["migrate", $"--ConnectionStrings:Mediation={database.ConnectionString}", $"--Storage:DataDirectory={data.Path}"]);
        Assert.True(run.ExitCode == 0, run.Output);
        using var model = MediationStorage.CreateContext(DatabaseProvider.PostgreSql, database.ConnectionString);
        Assert.Contains($"Applied {model.Database.GetMigrations().Count()} migration(s) on PostgreSql", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" ERR]", run.Output, StringComparison.Ordinal);

        var again = await ServerProcess.RunToEndAsync(["migrate", $"--ConnectionStrings:Mediation={database.ConnectionString}", $"--Storage:DataDirectory={data.Path}"]);
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("Applied 0 migration(s)", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_create_admin_command_makes_a_platform_admin_with_a_password_read_from_standard_input()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        using var data = new TemporaryDirectory();
        string[] arguments = ["create-admin", "root@zibo.example", "平台管理员", $"--ConnectionStrings:Mediation={database.ConnectionString}", $"--Storage:DataDirectory={data.Path}"];
        var weak = await ServerProcess.RunToEndAsync(arguments, standardInput: "short\n");
        Assert.True(weak.ExitCode == 1, weak.Output);
        Assert.Contains("Not created", weak.Output, StringComparison.Ordinal);

        var run = await ServerProcess.RunToEndAsync(arguments, standardInput: "Strong@Password2026\n");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain("Strong@Password2026", run.Output, StringComparison.Ordinal);
        await using var db = MediationStorage.CreateContext(DatabaseProvider.PostgreSql, database.ConnectionString);
        var roles = await (from u in db.Users
                           join ur in db.UserRoles on u.Id equals ur.UserId
                           join r in db.Roles on ur.RoleId equals r.Id
                           where u.Email == "root@zibo.example"
                           select r.Name).ToListAsync();
        Assert.Equal(["PlatformAdmin"], roles);
        var admin = await db.Users.SingleAsync(u => u.Email == "root@zibo.example");
        Assert.Equal(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Success,
            new Microsoft.AspNetCore.Identity.PasswordHasher<StaffUser>().VerifyHashedPassword(admin, admin.PasswordHash!, "Strong@Password2026"));
    }
}
