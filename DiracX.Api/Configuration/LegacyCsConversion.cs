using System.Text.Json.Nodes;
using DiracX.Core.Configuration;

namespace DiracX.Api.Configuration;

/// <summary>The result of <see cref="LegacyCsConverter.Convert"/>.</summary>
/// <param name="Yaml">The <c>default.yml</c> content.</param>
/// <param name="Warnings">What was left out (VOs without migration settings, groups without a VO).</param>
public sealed record LegacyCsConversion(string Yaml, IReadOnlyList<string> Warnings);

/// <summary>
/// DiracX's <c>dirac internal legacy cs-sync</c>: turns a DIRAC CFG into a DiracX <c>default.yml</c>, using the
/// migration settings under <c>/DiracX/CsSync/VOs/&lt;vo&gt;/{DefaultGroup, IdP, UserSubjects, Support}</c> to build one
/// registry per VO keyed by IdP subjects. Settings DiracX no longer needs (setups, DIPS security, ...) are dropped.
/// </summary>
public static class LegacyCsConverter
{
    private static readonly string[] s_requiredSettings = ["DefaultGroup", "IdP", "UserSubjects"];
    private static readonly string[] s_requiredIdpSettings = ["URL", "ClientID"];

    private static readonly string[] s_droppedDiracKeys =
    [
        "Extensions", "Framework", "Security", "PreferredURLPatterns", "ConnConf", "DefaultSetup", "Setups",
        "Configuration", "VirtualOrganization", "DefaultGroup",
    ];

    /// <summary>Converts CFG text to validated YAML.</summary>
    /// <exception cref="ConfigValidationException">The CFG is malformed, the migration settings are missing or the result does not validate.</exception>
    /// <exception cref="ConfigException">DisabledVOs is set while legacy clients are enabled.</exception>
    public static LegacyCsConversion Convert(string cfg, ConfigSchema schema)
    {
        var raw = CfgParser.Parse(cfg);
        var diracx = raw["DiracX"] as JsonObject ?? throw new ConfigValidationException(["DiracX: field required"]);
        CheckDisabledVos(diracx);
        var vos = ReadMigrationSettings(diracx);
        var warnings = new List<string>();
        raw.Remove("DiracX");
        if (raw["DIRAC"] is JsonObject dirac)
        {
            foreach (var key in s_droppedDiracKeys)
            {
                dirac.Remove(key);
            }
        }
        var original = raw["Registry"] as JsonObject ?? [];
        var legacyVos = (original["VO"] as JsonObject)?.Select(p => p.Key) ?? [];
        var missing = legacyVos.Where(v => !vos.ContainsKey(v)).ToList();
        if (missing.Count > 0)
        {
            warnings.Add($"{string.Join(", ", missing)} don't have a migration config, ignoring");
        }
        var registry = new JsonObject();
        foreach (var (vo, settings) in vos)
        {
            registry[vo] = LegacyRegistryConverter.ConvertVo(vo, settings, original, warnings);
        }
        raw["Registry"] = registry;
        var normalized = ConfigParser.Normalize(raw, schema, ConfigNormalization.LegacyConversion);
        return new LegacyCsConversion(ConfigYaml.Serialize(normalized), [.. warnings.Distinct()]);
    }

    /// <summary>Converts a CFG file and writes the YAML file.</summary>
    public static async Task<LegacyCsConversion> ConvertFileAsync(string cfgPath, string yamlPath, ConfigSchema schema,
        CancellationToken cancellationToken)
    {
        var result = Convert(await File.ReadAllTextAsync(cfgPath, cancellationToken), schema);
        await File.WriteAllTextAsync(yamlPath, result.Yaml, cancellationToken);
        return result;
    }

    private static void CheckDisabledVos(JsonObject diracx)
    {
        var enabledClients = (diracx["LegacyClientEnabled"] as JsonObject ?? [])
            .SelectMany(c => c.Value as JsonObject ?? [])
            .Any(s => s.Value is JsonValue v && v.GetValue<string>() == "True");
        if (diracx["DisabledVOs"] is JsonValue disabled && disabled.GetValue<string>().Length > 0 && enabledClients)
        {
            throw new ConfigException("DisabledVOs cannot be set if any Legacy clients are enabled");
        }
    }

    private static Dictionary<string, JsonObject> ReadMigrationSettings(JsonObject diracx)
    {
        var problems = new List<string>();
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (diracx["CsSync"]?["VOs"] is not JsonObject vos)
        {
            throw new ConfigValidationException(["DiracX.CsSync.VOs: field required"]);
        }
        foreach (var (vo, node) in vos)
        {
            var path = $"DiracX.CsSync.VOs.{vo}";
            if (node is not JsonObject settings)
            {
                problems.Add($"{path}: expected a section");
                continue;
            }
            problems.AddRange(s_requiredSettings
                .Where(k => !settings.ContainsKey(k)).Select(k => $"{path}.{k}: field required"));
            problems.AddRange(s_requiredIdpSettings
                .Where(k => settings["IdP"] is JsonObject idp && !idp.ContainsKey(k)).Select(k => $"{path}.IdP.{k}: field required"));
            result[vo] = settings;
        }
        return problems.Count == 0 ? result : throw new ConfigValidationException(problems);
    }
}
