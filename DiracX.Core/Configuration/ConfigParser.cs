using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DiracX.Core.Configuration;

/// <summary>How <see cref="ConfigParser.Normalize"/> treats the raw tree.</summary>
public enum ConfigNormalization
{
    /// <summary>
    /// As the server reads <c>default.yml</c>: <c>Operations.Defaults</c> merged into every VO and removed,
    /// extension defaults filled in.
    /// </summary>
    Load,

    /// <summary>
    /// As <c>cs-sync</c> reads a converted DIRAC CFG (DiracX's <c>DIRAC_COMPAT_ENABLE_CS_CONVERSION</c>):
    /// comma-separated strings accepted as lists, <c>"None"</c> as null, <c>Operations.Defaults</c> kept (with an
    /// empty entry per VO), and nothing filled in, so the result is what the administrator wrote.
    /// </summary>
    LegacyConversion,
}

/// <summary>
/// Turns <c>default.yml</c> into a validated <see cref="Config"/>: YAML → JSON tree → Operations defaults merge →
/// validation collecting every problem (<c>path: message</c>) → immutable records.
/// </summary>
public static class ConfigParser
{
    /// <summary>The serializer options used to read the records (and extension fields).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateOptions();

    /// <summary>Parses and validates <c>default.yml</c> content.</summary>
    /// <exception cref="ConfigValidationException">The YAML is malformed or the content does not validate.</exception>
    public static Config Parse(string yaml, ConfigSchema schema) => FromJson(ConfigYaml.Parse(yaml), schema);

    /// <summary>Validates a raw configuration tree and builds the records.</summary>
    /// <exception cref="ConfigValidationException">The content does not validate.</exception>
    public static Config FromJson(JsonNode? raw, ConfigSchema schema)
    {
        var normalized = Normalize(raw, schema, ConfigNormalization.Load);
        try
        {
            return normalized.Deserialize<Config>(JsonOptions)
                ?? throw new ConfigValidationException(["(root): expected a mapping"]);
        }
        catch (JsonException e)
        {
            throw new ConfigValidationException([$"{e.Path ?? "(root)"}: {e.Message}"]);
        }
    }

    /// <summary>Every problem of a raw configuration tree; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(JsonNode? raw, ConfigSchema schema)
    {
        try
        {
            FromJson(raw, schema);
            return [];
        }
        catch (ConfigValidationException e)
        {
            return e.Problems;
        }
    }

    /// <summary>Validates a raw tree and returns its normalised copy (coerced scalars, sorted sets).</summary>
    /// <exception cref="ConfigValidationException">The content does not validate.</exception>
    public static JsonObject Normalize(JsonNode? raw, ConfigSchema schema, ConfigNormalization mode)
    {
        var problems = new List<string>();
        var legacy = mode == ConfigNormalization.LegacyConversion;
        var normalizer = new ConfigNormalizer(schema, problems, legacy, fillDefaults: !legacy);
        if (raw is not JsonObject input)
        {
            throw new ConfigValidationException(["(root): expected a mapping"]);
        }
        var withoutOperations = (JsonObject)input.DeepClone();
        withoutOperations.Remove("Operations");
        var root = normalizer.Section(withoutOperations, typeof(Config), "") ?? [];
        var vos = (input["Registry"] as JsonObject)?.Select(p => p.Key).ToList() ?? [];
        var operations = input.TryGetPropertyValue("Operations", out var ops) ? ops : new JsonObject();
        if (OperationsMerge.Apply(operations, vos, normalizer, keepDefaults: legacy) is { } merged)
        {
            root["Operations"] = merged;
        }
        RegistryRules.Check(root, schema, problems);
        RegistryRules.CompleteOsCompatibility(root);
        return problems.Count == 0 ? root : throw new ConfigValidationException(problems);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
