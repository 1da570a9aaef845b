using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiracX.Core.Configuration;

/// <summary>
/// The DiracX configuration (<c>default.yml</c> of the configuration repository), served to clients as JSON by
/// <c>GET /api/config/</c>. Property names and defaults are DiracX's, so <c>JsonSerializer.Serialize(config)</c>
/// produces DiracX's JSON. Build it with <see cref="ConfigParser"/>, which validates first.
/// </summary>
public sealed record Config : ConfigSection
{
    /// <summary>General DIRAC parameters.</summary>
    [JsonPropertyName("DIRAC")]
    public required DiracConfig Dirac { get; init; }

    /// <summary>Operations per VO, with <c>Defaults</c> already merged in (one entry for every VO of the registry).</summary>
    [JsonPropertyName("Operations")]
    public IReadOnlyDictionary<string, OperationsConfig> Operations { get; init; } = new Dictionary<string, OperationsConfig>();

    /// <summary>The registry: one entry per VO.</summary>
    [JsonPropertyName("Registry")]
    public required IReadOnlyDictionary<string, RegistryConfig> Registry { get; init; }

    /// <summary>Computing and storage resources.</summary>
    [JsonPropertyName("Resources")]
    public ResourcesConfig Resources { get; init; } = new();

    /// <summary>Local site parameters (untyped).</summary>
    [JsonPropertyName("LocalSite")] public JsonElement? LocalSite { get; init; }
    /// <summary>Global log level (untyped).</summary>
    [JsonPropertyName("LogLevel")] public JsonElement? LogLevel { get; init; }
    /// <summary>Monte Carlo testing destination (untyped).</summary>
    [JsonPropertyName("MCTestingDestination")] public JsonElement? MCTestingDestination { get; init; }
    /// <summary>Legacy DIRAC systems configuration (untyped).</summary>
    [JsonPropertyName("Systems")] public JsonElement? Systems { get; init; }
    /// <summary>Web application parameters (untyped).</summary>
    [JsonPropertyName("WebApp")] public JsonElement? WebApp { get; init; }
}

/// <summary>The <c>DIRAC</c> section.</summary>
public sealed record DiracConfig : ConfigSection
{
    /// <summary>Skip setup procedures during DIRAC initialisation.</summary>
    [JsonPropertyName("NoSetup")]
    public bool NoSetup { get; init; }
}

/// <summary>
/// The <c>Resources</c> section. Only <c>Computing</c> is typed; the rest (<c>Sites</c> with their CEs,
/// <c>StorageElements</c>, <c>FileCatalogs</c>, ...) is kept as raw JSON in <see cref="ConfigSection.ExtensionData"/>
/// (use <see cref="SitesJson"/> and <see cref="StorageElementsJson"/>; their names differ from the keys because the
/// serializer would treat a same-named ignored property as claiming the key).
/// </summary>
[ConfigKeepsUnknownKeys]
public sealed record ResourcesConfig : ConfigSection
{
    /// <summary>Computing resources.</summary>
    [JsonPropertyName("Computing")]
    public ResourcesComputingConfig Computing { get; init; } = new();

    /// <summary>The raw <c>Resources.Sites</c> tree (grid → site → CEs → queues), if present.</summary>
    [JsonIgnore]
    public JsonElement? SitesJson => ExtensionData is { } data && data.TryGetValue("Sites", out var v) ? v : null;

    /// <summary>The raw <c>Resources.StorageElements</c> tree, if present.</summary>
    [JsonIgnore]
    public JsonElement? StorageElementsJson =>
        ExtensionData is { } data && data.TryGetValue("StorageElements", out var v) ? v : null;
}

/// <summary><c>Resources.Computing</c>.</summary>
[ConfigKeepsUnknownKeys]
public sealed record ResourcesComputingConfig : ConfigSection
{
    /// <summary>
    /// Platform → compatible OS versions. Every platform is made compatible with itself and the lists are sorted when the configuration is read.
    /// </summary>
    [JsonPropertyName("OSCompatibility")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OSCompatibility { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();
}
