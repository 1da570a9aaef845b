using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiracX.Core.Configuration;

/// <summary><c>Operations.&lt;vo&gt;.Services</c>.</summary>
public sealed record ServicesConfig : ConfigSection
{
    /// <summary>Data catalog services (untyped).</summary>
    [JsonPropertyName("Catalogs")]
    public IReadOnlyDictionary<string, JsonElement>? Catalogs { get; init; }

    /// <summary>Job monitoring service settings.</summary>
    [JsonPropertyName("JobMonitoring")]
    public JobMonitoringConfig JobMonitoring { get; init; } = new();

    /// <summary>Job scheduling service settings.</summary>
    [JsonPropertyName("JobScheduling")]
    public JobSchedulingConfig JobScheduling { get; init; } = new();
}

/// <summary><c>Operations.&lt;vo&gt;.Services.JobMonitoring</c>.</summary>
public sealed record JobMonitoringConfig : ConfigSection
{
    /// <summary>When true (the default) every user may search every job; when false searches are owner-scoped.</summary>
    [JsonPropertyName("GlobalJobsInfo")]
    public bool GlobalJobsInfo { get; init; } = true;
}

/// <summary><c>Operations.&lt;vo&gt;.Services.JobScheduling</c>.</summary>
public sealed record JobSchedulingConfig : ConfigSection
{
    /// <summary>Correct job shares by historical usage.</summary>
    [JsonPropertyName("EnableSharesCorrection")]
    public bool EnableSharesCorrection { get; init; }

    /// <summary>How many times a job may be rescheduled.</summary>
    [JsonPropertyName("MaxRescheduling")]
    public int MaxRescheduling { get; init; } = 3;
}

/// <summary><c>Operations.&lt;vo&gt;.JobDescription</c>: defaults and limits applied at submission.</summary>
public sealed record JobDescriptionConfig : ConfigSection
{
    /// <summary>Default CPU time in seconds (24 h).</summary>
    [JsonPropertyName("DefaultCPUTime")] public int DefaultCPUTime { get; init; } = 86400;
    /// <summary>Default job priority.</summary>
    [JsonPropertyName("DefaultPriority")] public int DefaultPriority { get; init; } = 1;
    /// <summary>Minimum CPU time in seconds.</summary>
    [JsonPropertyName("MinCPUTime")] public int MinCPUTime { get; init; } = 100;
    /// <summary>Minimum job priority.</summary>
    [JsonPropertyName("MinPriority")] public int MinPriority { get; init; }
    /// <summary>Maximum CPU time in seconds.</summary>
    [JsonPropertyName("MaxCPUTime")] public int MaxCPUTime { get; init; } = 500000;
    /// <summary>Maximum job priority.</summary>
    [JsonPropertyName("MaxPriority")] public int MaxPriority { get; init; } = 10;
    /// <summary>Maximum number of input data files per job.</summary>
    [JsonPropertyName("MaxInputData")] public int MaxInputData { get; init; } = 100;
    /// <summary>Job types users may submit.</summary>
    [JsonPropertyName("AllowedJobTypes")] public IReadOnlyList<string> AllowedJobTypes { get; init; } = ["User", "Test", "Hospital"];
}

/// <summary><c>Operations.&lt;vo&gt;.InputDataPolicy</c>; unknown keys are kept (DiracX ignores them).</summary>
[ConfigKeepsUnknownKeys]
public sealed record InputDataPolicyConfig : ConfigSection
{
    /// <summary>Fallback policy. The odd default value is DiracX's, reproduced as is.</summary>
    [JsonPropertyName("Default")]
    public string Default { get; init; } = "Default = DIRAC.WorkloadManagementSystem.Client.InputDataByProtocol";
    /// <summary>Policy that downloads input data before the job runs.</summary>
    [JsonPropertyName("Download")]
    public string Download { get; init; } = "DIRAC.WorkloadManagementSystem.Client.DownloadInputData";
    /// <summary>Policy that accesses input data by protocol.</summary>
    [JsonPropertyName("Protocol")]
    public string Protocol { get; init; } = "DIRAC.WorkloadManagementSystem.Client.InputDataByProtocol";
    /// <summary>Consider all replicas when resolving input data.</summary>
    [JsonPropertyName("AllReplicas")]
    public bool AllReplicas { get; init; } = true;
    /// <summary>Remote and local access protocols.</summary>
    [JsonPropertyName("Protocols")]
    public InputDataPolicyProtocolsConfig Protocols { get; init; } = new();
    /// <summary>Module that resolves input data.</summary>
    [JsonPropertyName("InputDataModule")]
    public string InputDataModule { get; init; } = "DIRAC.Core.Utilities.InputDataResolution";
}

/// <summary><c>Operations.&lt;vo&gt;.InputDataPolicy.Protocols</c>.</summary>
public sealed record InputDataPolicyProtocolsConfig : ConfigSection
{
    /// <summary>Protocols considered remote.</summary>
    [JsonPropertyName("Remote")] public IReadOnlyList<string> Remote { get; init; } = [];
    /// <summary>Protocols considered local.</summary>
    [JsonPropertyName("Local")] public IReadOnlyList<string> Local { get; init; } = [];
}
