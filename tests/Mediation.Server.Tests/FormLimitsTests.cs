using System.Reflection;
using System.Text.Json;
using Mediation.Domain;
using Mediation.Testing;

namespace Mediation.Server.Tests;

/// <summary>The web forms count characters against web/src/forms/limits.json: it must be the server's TextLimits,
/// or a form would let through what the server refuses (or stop what it accepts).</summary>
public sealed class FormLimitsTests
{
    [Fact]
    public void The_forms_limits_are_the_servers()
    {
        var server = typeof(TextLimits).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .ToDictionary(f => JsonNamingPolicy.CamelCase.ConvertName(f.Name), f => (int)f.GetRawConstantValue()!);
        var web = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "web", "src", "forms", "limits.json")))!;
        Assert.Equal(server.OrderBy(p => p.Key), web.OrderBy(p => p.Key));
    }
}
