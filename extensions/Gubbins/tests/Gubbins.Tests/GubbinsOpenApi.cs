using System.Text.Json.Nodes;

namespace Gubbins.Tests;

/// <summary>
/// Gubbins' part of the routers' OpenAPI document: its own operations (<c>/api/lollygag/...</c>), the schemas they use
/// (followed through <c>$ref</c>), the security schemes and their tags. DiracX's operations stay in DiracX's document
/// and client; Gubbins' client covers only its own routes.
/// </summary>
public static class GubbinsOpenApi
{
    /// <summary>The path prefix of Gubbins' routes.</summary>
    public const string PathPrefix = "/api/lollygag/";

    private const string SchemaRef = "#/components/schemas/";

    public static JsonObject Extract(JsonNode served)
    {
        ArgumentNullException.ThrowIfNull(served);
        var paths = new JsonObject(served["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith(PathPrefix, StringComparison.Ordinal))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var allSchemas = served["components"]?["schemas"]?.AsObject();
        var used = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<JsonNode?>([paths]);
        while (pending.TryDequeue(out var node))
        {
            foreach (var name in References(node).Where(used.Add))
            {
                pending.Enqueue(allSchemas?[name]);
            }
        }
        var components = new JsonObject
        {
            ["schemas"] = new JsonObject(used.Select(n => KeyValuePair.Create(n, allSchemas?[n]?.DeepClone()))),
        };
        if (served["components"]?["securitySchemes"] is { } schemes)
        {
            components["securitySchemes"] = schemes.DeepClone();
        }
        var tags = paths.SelectMany(p => p.Value!.AsObject()).SelectMany(o => o.Value?["tags"]?.AsArray() ?? []).Select(t => (string?)t)
            .ToHashSet(StringComparer.Ordinal);
        var document = new JsonObject();
        foreach (var (key, value) in served.AsObject())
        {
            document[key] = key switch
            {
                "paths" => paths,
                "components" => components,
                "tags" => new JsonArray([.. value!.AsArray().Where(t => tags.Contains((string?)t?["name"])).Select(t => t!.DeepClone())]),
                _ => value?.DeepClone(),
            };
        }
        return document;
    }

    // The schema names that a node refers to ("$ref": "#/components/schemas/<name>"), at any depth.
    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" && (string?)p.Value is { } r && r.StartsWith(SchemaRef, StringComparison.Ordinal)
            ? [r[SchemaRef.Length..]]
            : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };
}
