using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mediation.Testing;

namespace Mediation.Server.Tests;

/// <summary>Every error code the server can send (a problem's code, a field error's code, a hub error) has a text in
/// both of the web app's languages, so a person never reads a code or the server's English; and the two languages
/// hold the same keys.</summary>
public sealed partial class LocaleCompletenessTests
{
    private static readonly string[] Sources = ["src/Mediation.Server", "src/Mediation.Domain", "src/Mediation.Media/Sfu", "src/Mediation.Documents"];

    /// <summary>Sections where the web app looks up a code: problems (HTTP), fieldErrors (a field of a refused form),
    /// session.errors (the session hub), auditActions (an entry of the case's audit chain, on its timeline).</summary>
    private static readonly string[] Sections = ["problems", "fieldErrors", "session.errors", "auditActions"];

    /// <summary>Kebab-case literals in the sources that are not error codes: rate-limit policies, route names, hub
    /// item keys, header values, SDP attributes read by the session code, actor kinds.</summary>
    private static readonly HashSet<string> NotCodes =
    [
        "api-docs", "create-admin", "ice-pwd", "ice-ufrag", "chat-limit", "invite-code-send", "invite-code-verify",
        "online-applicant", "staff-sign-in", "no-cache", "no-referrer", "no-store",
    ];

    [GeneratedRegex("""(?<![\w$@])"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)"(?!\s*(?:=>|:))""")]
    private static partial Regex KebabLiteral();

    private static JsonNode Locale(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "web", "src", "i18n", name)))!;

    private static IEnumerable<string> Codes()
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Sources.SelectMany(s => Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, s), "*.cs", SearchOption.AllDirectories)))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match m in KebabLiteral().Matches(File.ReadAllText(file)))
            {
                codes.Add(m.Groups[1].Value);
            }
        }

        codes.ExceptWith(NotCodes);
        return codes;
    }

    private static bool Has(JsonNode locale, string section, string code)
    {
        JsonNode? node = locale;
        foreach (var part in section.Split('.'))
        {
            node = node?[part];
        }

        return node?[code] is not null;
    }

    [Fact]
    public void Every_code_the_server_sends_has_a_text_in_both_languages()
    {
        var zh = Locale("zh-CN.json");
        var en = Locale("en.json");
        var codes = Codes().ToList();
        // The scan finds the codes: far fewer would mean the pattern no longer matches how codes are written.
        Assert.True(codes.Count > 100, $"only {codes.Count} codes found");
        var missing = codes.Where(c => !Sections.Any(s => Has(zh, s, c)) || !Sections.Any(s => Has(en, s, c))).ToList();
        Assert.True(missing.Count == 0, "no text for: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_two_languages_hold_the_same_keys()
    {
        static IEnumerable<string> Keys(JsonNode node, string prefix) => node is JsonObject o
            ? o.SelectMany(p => Keys(p.Value!, prefix + p.Key + "."))
            : [prefix.TrimEnd('.')];
        var zh = Keys(Locale("zh-CN.json"), "").ToHashSet();
        var en = Keys(Locale("en.json"), "").ToHashSet();
        Assert.Empty(zh.Except(en));
        Assert.Empty(en.Except(zh));
    }
}
