using System.Text.Json.Nodes;
using DiracX.Core.Versioning;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;

namespace DiracX.Client.Tests;

/// <summary>
/// API stability: the OpenAPI document of each release is kept in docs/api/releases/&lt;version&gt;.json. The committed
/// document may add but not remove or narrow what the last release offered (an operation, a parameter, a response
/// code, a response field, a type), unless the minimum client version (DiracX:Http:MinClientVersion's default) is
/// raised past that release in the same change, so that the clients that relied on it are refused anyway.
/// </summary>
public sealed class ApiStabilityTests
{
    private static string ReleasesFolder => Path.Combine(RepositoryRoot.Path, "docs", "api", "releases");

    private static (Pep440Version Version, JsonNode Document) LastRelease() =>
        Directory.GetFiles(ReleasesFolder, "*.json")
            .Select(f => (Version: Pep440Version.Parse(Path.GetFileNameWithoutExtension(f)), File: f))
            .OrderBy(r => r.Version)
            .Select(r => (r.Version, JsonNode.Parse(File.ReadAllText(r.File))!))
            .Last();

    private static JsonNode Current() => JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "DiracX.Routers", "openapi.json")))!;

    [Fact]
    public void The_committed_document_keeps_everything_the_last_release_offered()
    {
        var (version, released) = LastRelease();
        var minimum = Pep440Version.Parse(new DiracXHttpOptions().MinClientVersion);
        var breaks = OpenApiCompatibility.Breaks(released, Current());
        Assert.True(breaks.Count == 0 || minimum > version,
            $"Breaking changes against release {version} (raise the minimum client version past it to allow them):\n" + string.Join("\n", breaks));
    }

    [Fact]
    public void Removing_or_narrowing_is_detected()
    {
        var (_, released) = LastRelease();
        Assert.Empty(OpenApiCompatibility.Breaks(released, released.DeepClone()));

        var withoutOperation = released.DeepClone();
        withoutOperation["paths"]!.AsObject().Remove("/api/jobs/search");
        Assert.Contains(OpenApiCompatibility.Breaks(released, withoutOperation), b => b.Contains("POST /api/jobs/search removed", StringComparison.Ordinal));

        var withoutParameter = released.DeepClone();
        withoutParameter["paths"]!["/api/jobs/search"]!["post"]!["parameters"]!.AsArray().RemoveAt(0);
        Assert.Contains(OpenApiCompatibility.Breaks(released, withoutParameter), b => b.Contains("parameter page removed", StringComparison.Ordinal));

        var required = released.DeepClone();
        required["paths"]!["/api/jobs/search"]!["post"]!["parameters"]![0]!["required"] = true;
        Assert.Contains(OpenApiCompatibility.Breaks(released, required), b => b.Contains("parameter page became required", StringComparison.Ordinal));

        var withoutField = released.DeepClone();
        withoutField["components"]!["schemas"]!["InsertedJob"]!["properties"]!.AsObject().Remove("MinorStatus");
        Assert.Contains(OpenApiCompatibility.Breaks(released, withoutField), b => b.Contains("MinorStatus removed", StringComparison.Ordinal));

        var retyped = released.DeepClone();
        retyped["components"]!["schemas"]!["InsertedJob"]!["properties"]!["JobID"]!["type"] = "string";
        Assert.Contains(OpenApiCompatibility.Breaks(released, retyped), b => b.Contains("JobID type", StringComparison.Ordinal));
    }
}

/// <summary>The comparison of two OpenAPI documents (our equivalent of optic's breaking-change rules).</summary>
public static class OpenApiCompatibility
{
    private static readonly string[] s_methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    public static List<string> Breaks(JsonNode old, JsonNode current)
    {
        var breaks = new List<string>();
        foreach (var (path, oldItem) in old["paths"]!.AsObject())
        {
            foreach (var method in s_methods)
            {
                if (oldItem?[method] is not JsonObject oldOp)
                {
                    continue;
                }
                var name = $"{method.ToUpperInvariant()} {path}";
                if (current["paths"]?[path]?[method] is not JsonObject newOp)
                {
                    breaks.Add($"{name} removed");
                    continue;
                }
                CompareParameters(name, oldOp, newOp, breaks);
                if (newOp["requestBody"]?["required"]?.GetValue<bool>() == true && oldOp["requestBody"]?["required"]?.GetValue<bool>() != true)
                {
                    breaks.Add($"{name}: request body became required");
                }
                foreach (var (code, oldResponse) in oldOp["responses"]?.AsObject() ?? [])
                {
                    if (newOp["responses"]?[code] is not JsonNode newResponse)
                    {
                        breaks.Add($"{name}: response {code} removed");
                        continue;
                    }
                    foreach (var (type, oldMedia) in oldResponse?["content"]?.AsObject() ?? [])
                    {
                        if (newResponse["content"]?[type]?["schema"] is not JsonNode newSchema)
                        {
                            breaks.Add($"{name}: response {code} {type} removed");
                            continue;
                        }
                        CompareSchema($"{name} response {code}", old, oldMedia?["schema"], current, newSchema, breaks, []);
                    }
                }
            }
        }
        return breaks;
    }

    private static void CompareParameters(string name, JsonObject oldOp, JsonObject newOp, List<string> breaks)
    {
        var newParameters = (newOp["parameters"]?.AsArray() ?? []).OfType<JsonObject>()
            .ToDictionary(p => $"{p["in"]}:{p["name"]}", p => p);
        foreach (var oldParameter in (oldOp["parameters"]?.AsArray() ?? []).OfType<JsonObject>())
        {
            var key = $"{oldParameter["in"]}:{oldParameter["name"]}";
            if (!newParameters.TryGetValue(key, out var newParameter))
            {
                breaks.Add($"{name}: parameter {oldParameter["name"]} removed");
                continue;
            }
            if (newParameter["required"]?.GetValue<bool>() == true && oldParameter["required"]?.GetValue<bool>() != true)
            {
                breaks.Add($"{name}: parameter {oldParameter["name"]} became required");
            }
            if (oldParameter["schema"]?["type"]?.ToString() is { } type && newParameter["schema"]?["type"]?.ToString() != type)
            {
                breaks.Add($"{name}: parameter {oldParameter["name"]} type changed from {type}");
            }
        }
        foreach (var (key, newParameter) in newParameters)
        {
            if (newParameter["required"]?.GetValue<bool>() == true
                && !(oldOp["parameters"]?.AsArray() ?? []).OfType<JsonObject>().Any(p => $"{p["in"]}:{p["name"]}" == key))
            {
                breaks.Add($"{name}: new required parameter {newParameter["name"]}");
            }
        }
    }

    private static JsonNode? Resolve(JsonNode document, JsonNode? schema) =>
        schema?["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal)
            ? document["components"]?["schemas"]?[reference["#/components/schemas/".Length..]]
            : schema;

    private static void CompareSchema(string where, JsonNode oldDoc, JsonNode? oldSchema, JsonNode newDoc, JsonNode? newSchema,
        List<string> breaks, HashSet<string> visited)
    {
        var reference = oldSchema?["$ref"]?.GetValue<string>();
        if (reference is not null && !visited.Add(reference))
        {
            return;
        }
        var o = Resolve(oldDoc, oldSchema);
        var n = Resolve(newDoc, newSchema);
        if (o is null || n is null)
        {
            return;
        }
        if (o["type"]?.ToString() is { } type && n["type"]?.ToString() != type)
        {
            breaks.Add($"{where}: type changed from {type} to {n["type"]}");
            return;
        }
        foreach (var (property, oldProperty) in o["properties"]?.AsObject() ?? [])
        {
            if (n["properties"]?[property] is not JsonNode newProperty)
            {
                breaks.Add($"{where}: field {property} removed");
                continue;
            }
            var oldType = Resolve(oldDoc, oldProperty)?["type"]?.ToString();
            var newType = Resolve(newDoc, newProperty)?["type"]?.ToString();
            if (oldType is not null && newType != oldType)
            {
                breaks.Add($"{where}: field {property} type changed from {oldType} to {newType}");
                continue;
            }
            CompareSchema($"{where}.{property}", oldDoc, oldProperty, newDoc, newProperty, breaks, visited);
        }
        if (o["items"] is JsonNode oldItems)
        {
            CompareSchema($"{where}[]", oldDoc, oldItems, newDoc, n["items"], breaks, visited);
        }
    }
}
