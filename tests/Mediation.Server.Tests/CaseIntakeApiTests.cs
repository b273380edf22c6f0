using System.Net.Http.Json;
using Mediation.Data;

namespace Mediation.Server.Tests;

public abstract class CaseIntakeApiTests(DatabaseProvider provider) : IDisposable
{
    private readonly ServerFactory _server = ServerFactory.On(provider);

    public void Dispose() => _server.Dispose();

    private static object Application(string channel = "Oral", string facts = "8月起未发工资。") => new
    {
        channel,
        subject = "拖欠工资争议",
        facts,
        applicants = new[] { new { kind = "NaturalPerson", name = "张华", idNumber = "11010519491231002X", phone = "13600000011", address = "张店区", workplace = "焊工" } },
        respondents = new[] { new { kind = "Organization", name = "淄博某化工有限公司", idNumber = "91350100M000100Y43", phone = "13600000012", legalRepresentative = "钱总" } },
        claims = new[] { new { category = "LaborRemuneration", description = "支付拖欠工资", amount = 9000.00m, obligor = "Respondent" } },
    };

    [Fact]
    public async Task Staff_register_an_oral_application_and_get_the_next_number()
    {
        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        var year = _server.Time.GetUtcNow().UtcDateTime.AddHours(8).Year;
        var first = await (await admin.PostAsJsonAsync("/api/cases", Application())).JsonAsync();
        Assert.Equal($"劳调〔{year}〕第0003号", first.GetProperty("case").GetProperty("number").GetString());
        Assert.Equal("Applied", first.GetProperty("case").GetProperty("status").GetString());
        Assert.Equal("Oral", first.GetProperty("channel").GetString());
        Assert.Equal("8月起未发工资。", first.GetProperty("facts").GetString());
        Assert.Contains("Accept", first.GetProperty("allowedCommands").EnumerateArray().Select(c => c.GetString()));

        var mediator = await _server.SignedInAsync("mediator@demo.local");
        var second = await (await mediator.PostAsJsonAsync("/api/cases", Application("Staff"))).JsonAsync();
        Assert.Equal($"劳调〔{year}〕第0004号", second.GetProperty("case").GetProperty("number").GetString());
    }

    [Fact]
    public async Task Simultaneous_registrations_get_distinct_numbers()
    {
        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => admin.PostAsJsonAsync("/api/cases", Application())));
        var numbers = new List<string>();
        foreach (var response in responses)
        {
            numbers.Add((await response.JsonAsync()).GetProperty("case").GetProperty("number").GetString()!);
        }

        Assert.Equal(6, numbers.Distinct().Count());
    }

    [Fact]
    public async Task An_incomplete_application_gets_field_level_problems()
    {
        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        var problem = await (await admin.PostAsJsonAsync("/api/cases", Application(facts: ""))).AssertProblemAsync(400, "validation-failed");
        Assert.Equal("required", problem.GetProperty("errors").GetProperty("facts")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_text_too_long_for_its_field_is_a_field_problem_on_every_database_and_nothing_is_stored()
    {
        var admin = await _server.SignedInAsync("orgadmin@demo.local");
        var before = (await (await admin.GetAsync("/api/cases")).JsonAsync()).GetProperty("total").GetInt32();
        var problem = await (await admin.PostAsJsonAsync("/api/cases", Application(facts: new string('长', 200_000)))).AssertProblemAsync(400, "validation-failed");
        var error = problem.GetProperty("errors").GetProperty("facts")[0];
        Assert.Equal(("too-long", 8000), (error.GetProperty("code").GetString(), error.GetProperty("limit").GetInt32()));
        Assert.Equal(before, (await (await admin.GetAsync("/api/cases")).JsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Only_staff_of_an_organization_register_cases()
    {
        var clerk = await _server.SignedInAsync("clerk@demo.local");
        await (await clerk.PostAsJsonAsync("/api/cases", Application())).AssertProblemAsync(403, "organization-required");
        await (await _server.NewClient().PostAsJsonAsync("/api/cases", Application())).AssertProblemAsync(401, "not-signed-in");
    }
}

public sealed class CaseIntakeApiTestsOnSqlite() : CaseIntakeApiTests(DatabaseProvider.Sqlite);

public sealed class CaseIntakeApiTestsOnPostgres() : CaseIntakeApiTests(DatabaseProvider.PostgreSql);
