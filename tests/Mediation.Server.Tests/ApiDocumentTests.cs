using System.Text.Json;
using System.Text.Json.Nodes;
using Mediation.Testing;

namespace Mediation.Server.Tests;

/// <summary>The web app types its calls from a copy of the server's OpenAPI document (web/openapi.json →
/// web/src/api/schema.d.ts): the copy must be the document the server serves, or the types lie.</summary>
public sealed class ApiDocumentTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    /// <summary>Set to 1 to write the server's document over the web app's copy (then run <c>npm run api</c> in web/).</summary>
    private const string UpdateVariable = "MEDIATION_UPDATE_API_DOCUMENT";

    [Fact]
    public async Task The_web_apps_copy_of_the_api_document_is_the_one_the_server_serves()
    {
        var served = JsonNode.Parse(await _server.NewClient().GetStringAsync("/openapi/v1.json"))!;
        var path = Path.Combine(RepositoryPaths.Root, "web", "openapi.json");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(path, served.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        }

        var copy = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.True(JsonNode.DeepEquals(served, copy),
            $"web/openapi.json is not the server's document: run the test with {UpdateVariable}=1, then `npm run api` in web/, and commit both files.");
        Assert.NotNull(served["paths"]?["/api/cases/{caseId}/sessions/next"]);
    }
}
