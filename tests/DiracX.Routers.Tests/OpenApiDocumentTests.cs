using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;

namespace DiracX.Routers.Tests;

/// <summary>The committed OpenAPI document (the client is generated from it) matches what the server builds.</summary>
public class OpenApiDocumentTests
{
    private static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DiracX.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("DiracX.sln not found");
        }
    }

    private static string CommittedPath => Path.Combine(RepositoryRoot, "DiracX.Routers", "openapi.json");

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
        var generated = Path.Combine(RepositoryRoot, "DiracX.Routers", "obj", "openapi", "openapi.json");
        Assert.True(File.Exists(generated), "the build did not generate the OpenAPI document");
        var ct = TestContext.Current.CancellationToken;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(generated, ct)), JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath, ct))),
            "DiracX.Routers/openapi.json is stale: run `dotnet build DiracX.Routers -p:UpdateOpenApi=true` and commit it.");
    }

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
