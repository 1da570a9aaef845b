using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;

namespace DiracX.Routers.Tests;

/// <summary>The committed OpenAPI document (the client is generated from it) matches what the server builds.</summary>
public class OpenApiDocumentTests
{
    private static string CommittedPath => Path.Combine(RepositoryRoot.Path, "DiracX.Routers", "openapi.json");

    [Fact]
    public async Task The_committed_document_is_what_the_server_serves()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await DiracXTestApp.StartAsync(DiracXModules.BuiltIn, cancellationToken: ct);
        var served = JsonNode.Parse(await app.CreateClient().GetStringAsync("/api/openapi.json", ct))!;
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath, ct))!;
        Assert.True(JsonNode.DeepEquals(served, committed),
            "DiracX.Routers/openapi.json is stale: run `dotnet build DiracX.Routers -p:UpdateOpenApi=true` and commit it.");
    }

    [Fact]
    public async Task The_committed_document_is_what_the_build_generates()
    {
        var generated = Path.Combine(RepositoryRoot.Path, "DiracX.Routers", "obj", "openapi", "openapi.json");
        Assert.True(File.Exists(generated), "the build did not generate the OpenAPI document");
        var ct = TestContext.Current.CancellationToken;
        var built = JsonNode.Parse(await File.ReadAllTextAsync(generated, ct))!;
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath, ct))!;
        const string Stale = "DiracX.Routers/openapi.json is stale: run `dotnet build DiracX.Routers -p:UpdateOpenApi=true` and commit it";

        // Same meaning, aspect by aspect (key order and whitespace do not matter), then everything else.
        Assert.Equal(Operations(committed), Operations(built));
        foreach (var aspect in (string[])["parameters", "requestBody", "responses", "security", "tags"])
        {
            Assert.Equal(OperationAspect(committed, aspect), OperationAspect(built, aspect));
        }
        Assert.Equal(Canonical(committed["components"]?["schemas"]), Canonical(built["components"]?["schemas"]));
        var differences = Differences(committed, built, "");
        Assert.True(differences.Count == 0, $"{Stale}; differences at: {string.Join(", ", differences.Take(20))}");
    }

    [Fact]
    public void The_comparison_ignores_key_order_and_whitespace_but_not_meaning()
    {
        var a = JsonNode.Parse("""{"paths": {"/x": {"get": {"operationId": "x", "responses": {"200": {}, "400": {}}}}}}""")!;
        var reordered = JsonNode.Parse("""
            {"paths": {"/x": {"get": {"responses": {"400": {}, "200": {}}, "operationId": "x"}}}}
            """)!;
        var renamed = JsonNode.Parse("""{"paths": {"/x": {"get": {"operationId": "y", "responses": {"200": {}, "400": {}}}}}}""")!;
        Assert.Empty(Differences(a, reordered, ""));
        Assert.Equal(Canonical(a), Canonical(reordered));
        Assert.Equal(["/paths/~1x/get/operationId"], Differences(a, renamed, ""));
    }

    // "METHOD path" -> operation id, for every operation.
    private static SortedDictionary<string, string?> Operations(JsonNode document) =>
        new(document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Key: $"{o.Key.ToUpperInvariant()} {p.Key}", Id: o.Value?["operationId"]?.GetValue<string>())))
            .ToDictionary(o => o.Key, o => o.Id), StringComparer.Ordinal);

    // "METHOD path" -> one part of the operation, canonical.
    private static SortedDictionary<string, string> OperationAspect(JsonNode document, string aspect) =>
        new(document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Key: $"{o.Key.ToUpperInvariant()} {p.Key}", Value: Canonical(o.Value?[aspect]))))
            .ToDictionary(o => o.Key, o => o.Value), StringComparer.Ordinal);

    // The JSON with object keys sorted and no whitespace; arrays keep their order (it is meaningful in OpenAPI).
    private static string Canonical(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        _ => node.ToJsonString(),
    };

    // JSON pointers where two documents differ (objects compared by key, whatever the order).
    private static List<string> Differences(JsonNode? expected, JsonNode? actual, string pointer)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                return [.. e.Select(p => p.Key).Union(a.Select(p => p.Key)).Order(StringComparer.Ordinal)
                    .SelectMany(k => e.ContainsKey(k) && a.ContainsKey(k)
                        ? Differences(e[k], a[k], $"{pointer}/{Escape(k)}")
                        : [$"{pointer}/{Escape(k)}"])];
            case (JsonArray e, JsonArray a) when e.Count == a.Count:
                return [.. e.Select((item, i) => Differences(item, a[i], $"{pointer}/{i}")).SelectMany(d => d)];
            default:
                return JsonNode.DeepEquals(expected, actual) ? [] : [pointer.Length == 0 ? "/" : pointer];
        }
    }

    private static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    [Fact]
    public async Task The_document_is_OpenAPI_3_0_with_DiracX_operation_ids_and_a_summary_on_every_operation()
    {
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(CommittedPath, TestContext.Current.CancellationToken));
        Assert.StartsWith("3.0", doc.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("Dirac", doc.RootElement.GetProperty("info").GetProperty("title").GetString());
        var ids = new List<string>();
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                ids.Add(operation.Value.GetProperty("operationId").GetString()!);
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("summary").GetString()), $"{path.Name} has no summary");
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("description").GetString()), $"{path.Name} has no description");
            }
        }
        Assert.Contains("config_serve_config", ids);
        Assert.Contains("well-known_openid_configuration", ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
