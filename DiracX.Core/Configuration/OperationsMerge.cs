using System.Text.Json.Nodes;

namespace DiracX.Core.Configuration;

/// <summary>
/// <c>Operations.Defaults</c> handling (DiracX <c>Config.ensure_operations_defaults</c> + <c>recursive_merge</c>):
/// every VO of the registry gets an entry, Defaults merged in recursively with the VO's own values winning.
/// Defaults and each VO entry are validated on their own first, so problems point at the key the administrator wrote.
/// </summary>
internal static class OperationsMerge
{
    public static JsonObject? Apply(JsonNode? operations, IReadOnlyList<string> vos, ConfigNormalizer normalizer, bool keepDefaults)
    {
        var shape = new Shape(ShapeKind.Section, typeof(OperationsConfig));
        var normalized = normalizer.Map(operations ?? new JsonObject(), shape, "Operations");
        if (normalized is null)
        {
            return null;
        }
        var defaults = new JsonObject();
        if (!keepDefaults && normalized.TryGetPropertyValue("Defaults", out var found))
        {
            normalized.Remove("Defaults");
            defaults = found as JsonObject ?? [];
        }
        foreach (var vo in vos)
        {
            var own = normalized[vo] as JsonObject ?? [];
            normalized[vo] = Merge(defaults, own);
        }
        return normalized;
    }

    /// <summary>Objects merge key by key; otherwise the override wins unless it is null.</summary>
    public static JsonNode? Merge(JsonNode? baseNode, JsonNode? overrideNode)
    {
        if (baseNode is JsonObject baseObject && overrideNode is JsonObject overrideObject)
        {
            var merged = new JsonObject();
            foreach (var (key, value) in baseObject)
            {
                merged[key] = overrideObject.TryGetPropertyValue(key, out var over) ? Merge(value, over) : value?.DeepClone();
            }
            foreach (var (key, value) in overrideObject)
            {
                if (!merged.ContainsKey(key))
                {
                    merged[key] = value?.DeepClone();
                }
            }
            return merged;
        }
        return (overrideNode ?? baseNode)?.DeepClone();
    }
}
