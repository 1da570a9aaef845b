using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiracX.Core.Configuration;

/// <summary>
/// The operations settings of one VO (<c>Operations.&lt;vo&gt;</c>). <c>Operations.Defaults</c> is merged
/// recursively into every VO entry when the configuration is read, then removed. The sections DiracX does not model
/// yet are kept as raw JSON mappings.
/// </summary>
public sealed record OperationsConfig : ConfigSection
{
    /// <summary>Globally enables the SecurityLogging service.</summary>
    [JsonPropertyName("EnableSecurityLogging")]
    public bool EnableSecurityLogging { get; init; }

    /// <summary>How jobs access their input data.</summary>
    [JsonPropertyName("InputDataPolicy")]
    public InputDataPolicyConfig InputDataPolicy { get; init; } = new();

    /// <summary>Job description defaults and limits.</summary>
    [JsonPropertyName("JobDescription")]
    public JobDescriptionConfig JobDescription { get; init; } = new();

    /// <summary>Settings of DIRAC services.</summary>
    [JsonPropertyName("Services")]
    public ServicesConfig Services { get; init; } = new();

    /// <summary>Module used for software distribution.</summary>
    [JsonPropertyName("SoftwareDistModule")]
    public string SoftwareDistModule { get; init; } = "LocalSoftwareDist";

    /// <summary>Cloud computing settings (untyped).</summary>
    [JsonPropertyName("Cloud")] public IReadOnlyDictionary<string, JsonElement>? Cloud { get; init; }
    /// <summary>Data consistency settings (untyped).</summary>
    [JsonPropertyName("DataConsistency")] public IReadOnlyDictionary<string, JsonElement>? DataConsistency { get; init; }
    /// <summary>Data management settings (untyped).</summary>
    [JsonPropertyName("DataManagement")] public IReadOnlyDictionary<string, JsonElement>? DataManagement { get; init; }
    /// <summary>E-mail notification settings (untyped).</summary>
    [JsonPropertyName("EMail")] public IReadOnlyDictionary<string, JsonElement>? EMail { get; init; }
    /// <summary>Gaudi execution settings (untyped).</summary>
    [JsonPropertyName("GaudiExecution")] public IReadOnlyDictionary<string, JsonElement>? GaudiExecution { get; init; }
    /// <summary>Job recovery settings (untyped).</summary>
    [JsonPropertyName("Hospital")] public IReadOnlyDictionary<string, JsonElement>? Hospital { get; init; }
    /// <summary>Advanced job scheduling settings (untyped).</summary>
    [JsonPropertyName("JobScheduling")] public IReadOnlyDictionary<string, JsonElement>? JobScheduling { get; init; }
    /// <summary>Job type mapping (untyped).</summary>
    [JsonPropertyName("JobTypeMapping")] public IReadOnlyDictionary<string, JsonElement>? JobTypeMapping { get; init; }
    /// <summary>Log file settings (untyped).</summary>
    [JsonPropertyName("LogFiles")] public IReadOnlyDictionary<string, JsonElement>? LogFiles { get; init; }
    /// <summary>Log storage settings (untyped).</summary>
    [JsonPropertyName("LogStorage")] public IReadOnlyDictionary<string, JsonElement>? LogStorage { get; init; }
    /// <summary>Logging settings (untyped).</summary>
    [JsonPropertyName("Logging")] public IReadOnlyDictionary<string, JsonElement>? Logging { get; init; }
    /// <summary>Job matching settings (untyped).</summary>
    [JsonPropertyName("Matching")] public IReadOnlyDictionary<string, JsonElement>? Matching { get; init; }
    /// <summary>Monitoring back-ends (untyped).</summary>
    [JsonPropertyName("MonitoringBackends")] public IReadOnlyDictionary<string, JsonElement>? MonitoringBackends { get; init; }
    /// <summary>Nagios connector settings (untyped).</summary>
    [JsonPropertyName("NagiosConnector")] public IReadOnlyDictionary<string, JsonElement>? NagiosConnector { get; init; }
    /// <summary>Pilot settings (untyped).</summary>
    [JsonPropertyName("Pilot")] public IReadOnlyDictionary<string, JsonElement>? Pilot { get; init; }
    /// <summary>Production settings (untyped).</summary>
    [JsonPropertyName("Productions")] public IReadOnlyDictionary<string, JsonElement>? Productions { get; init; }
    /// <summary>Fair-share settings (untyped).</summary>
    [JsonPropertyName("Shares")] public IReadOnlyDictionary<string, JsonElement>? Shares { get; init; }
    /// <summary>Shifter proxies (untyped).</summary>
    [JsonPropertyName("Shifter")] public IReadOnlyDictionary<string, JsonElement>? Shifter { get; init; }
    /// <summary>Site to storage element mapping by protocol (untyped).</summary>
    [JsonPropertyName("SiteSEMappingByProtocol")] public IReadOnlyDictionary<string, JsonElement>? SiteSEMappingByProtocol { get; init; }
    /// <summary>Transformation plug-ins (untyped).</summary>
    [JsonPropertyName("TransformationPlugins")] public IReadOnlyDictionary<string, JsonElement>? TransformationPlugins { get; init; }
    /// <summary>Transformation system settings (untyped).</summary>
    [JsonPropertyName("Transformations")] public IReadOnlyDictionary<string, JsonElement>? Transformations { get; init; }
    /// <summary>Resource status settings (untyped).</summary>
    [JsonPropertyName("ResourceStatus")] public IReadOnlyDictionary<string, JsonElement>? ResourceStatus { get; init; }
}
