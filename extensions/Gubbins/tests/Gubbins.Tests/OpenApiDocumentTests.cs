using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Testing;

namespace Gubbins.Tests;

/// <summary>
/// Gubbins' OpenAPI document, <c>src/Gubbins.Routers/openapi.json</c>, from which the build generates Gubbins.Client:
/// the <c>/api/lollygag</c> operations of the document that DiracX's routers serve with Gubbins loaded (as DiracX commits
/// its own, DiracX.Routers/openapi.json), with the schemas they use. Committed so that the client builds without a
/// server; this test fails when it is stale.
/// </summary>
public sealed class OpenApiDocumentTests
{
    private const string Update = "GUBBINS_UPDATE_OPENAPI";
    private static string CommittedPath => Path.Combine(RepositoryRoot.Path, "extensions", "Gubbins", "src", "Gubbins.Routers", "openapi.json");

    [Fact]
    public async Task The_committed_document_is_what_the_routers_with_Gubbins_serve()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, config) = await GubbinsApp.StartAsync(ct);
        await using var _app = app;
        using var _config = config;
        var served = JsonNode.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/openapi.json", UriKind.Relative), ct))!;
        var document = GubbinsOpenApi.Extract(served);
        if (Environment.GetEnvironmentVariable(Update) == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", ct);
        }
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath, ct))!;
        Assert.True(JsonNode.DeepEquals(document, committed),
            $"extensions/Gubbins/src/Gubbins.Routers/openapi.json is stale: run `{Update}=1 ./run-tests.sh --filter OpenApiDocumentTests` and commit it");
        Assert.NotEmpty(committed["paths"]!.AsObject());
    }

    [Fact]
    public void The_extract_keeps_the_lollygag_operations_and_only_the_schemas_they_use()
    {
        var served = JsonNode.Parse("""
            {"openapi": "3.0.4", "info": {"title": "Dirac"},
             "paths": {"/api/lollygag/x": {"get": {"operationId": "lollygag_x", "tags": ["lollygag"],
                         "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}},
                       "/api/jobs/": {"get": {"operationId": "jobs_y", "tags": ["jobs"],
                         "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/C"}}}}}}}},
             "components": {"schemas": {"A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}}, "B": {}, "C": {}},
                            "securitySchemes": {"OAuth2": {"type": "oauth2"}}},
             "tags": [{"name": "lollygag"}, {"name": "jobs"}]}
            """)!;
        var document = GubbinsOpenApi.Extract(served);
        Assert.Equal(["/api/lollygag/x"], document["paths"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["A", "B"], document["components"]!["schemas"]!.AsObject().Select(p => p.Key).Order());
        Assert.NotNull(document["components"]!["securitySchemes"]!["OAuth2"]);
        Assert.Equal(["lollygag"], document["tags"]!.AsArray().Select(t => (string?)t!["name"]));
        Assert.Equal("3.0.4", (string?)document["openapi"]);
    }
}
