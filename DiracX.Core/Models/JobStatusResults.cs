using System.Text.Json.Serialization;
using DiracX.Core.Serialization;

namespace DiracX.Core.Models;

/// <summary>
/// What a status update changed on one job (DiracX's <c>SetJobStatusReturnSuccess</c>): every key is always
/// serialised, <c>null</c> when the update did not set it.
/// </summary>
public sealed record JobStatusChange
{
    /// <summary>The major status written.</summary>
    [JsonPropertyName("Status")]
    public JobStatus? Status { get; init; }

    /// <summary>The minor status written.</summary>
    [JsonPropertyName("MinorStatus")]
    public string? MinorStatus { get; init; }

    /// <summary>The application status written.</summary>
    [JsonPropertyName("ApplicationStatus")]
    public string? ApplicationStatus { get; init; }

    /// <summary>The heartbeat time written (the last report from a job or a heartbeat).</summary>
    [JsonPropertyName("HeartBeatTime"), JsonConverter(typeof(UtcTimestampConverter))]
    public DateTimeOffset? HeartBeatTime { get; init; }

    /// <summary>The start time written (first report of Running).</summary>
    [JsonPropertyName("StartExecTime"), JsonConverter(typeof(UtcTimestampConverter))]
    public DateTimeOffset? StartExecTime { get; init; }

    /// <summary>The end time written (first report of a final status).</summary>
    [JsonPropertyName("EndExecTime"), JsonConverter(typeof(UtcTimestampConverter))]
    public DateTimeOffset? EndExecTime { get; init; }

    /// <summary>When the status was written (set with every status).</summary>
    [JsonPropertyName("LastUpdateTime"), JsonConverter(typeof(UtcTimestampConverter))]
    public DateTimeOffset? LastUpdateTime { get; init; }
}

/// <summary>Why one job of a bulk request was not changed: <c>{"detail": "Not found"}</c>.</summary>
/// <param name="Detail">The reason.</param>
public sealed record JobStatusFailure([property: JsonPropertyName("detail")] string Detail)
{
    /// <summary>The failure of a job that does not exist.</summary>
    public static JobStatusFailure NotFound { get; } = new("Not found");
}

/// <summary>The answer of <c>PATCH /api/jobs/status</c> (DiracX's <c>SetJobStatusReturn</c>).</summary>
/// <param name="Success">The jobs found, with what changed.</param>
/// <param name="Failed">The jobs not changed, with why.</param>
public sealed record SetJobStatusResult(
    [property: JsonPropertyName("success")] IReadOnlyDictionary<long, JobStatusChange> Success,
    [property: JsonPropertyName("failed")] IReadOnlyDictionary<long, JobStatusFailure> Failed);

/// <summary>A body naming jobs: <c>{"job_ids": [1, 2]}</c> (reschedule, removal).</summary>
/// <param name="JobIds">The jobs.</param>
public sealed record JobStatusJobIds([property: JsonPropertyName("job_ids")] IReadOnlyList<long> JobIds);
