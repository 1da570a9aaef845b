using System.Text.Json.Serialization;
using DiracX.Core.Serialization;

namespace DiracX.Core.Models;

/// <summary>
/// A heartbeat of one job (DiracX's <c>HeartbeatData</c>; other keys are refused with 422). The numeric values go to
/// <c>HeartBeatLoggingInfo</c>, the others (StandardOutput) to the job parameters.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record HeartbeatData
{
    /// <summary>The worker's load average.</summary>
    [JsonPropertyName("LoadAverage")] public double? LoadAverage { get; init; }
    /// <summary>Memory used.</summary>
    [JsonPropertyName("MemoryUsed")] public double? MemoryUsed { get; init; }
    /// <summary>Virtual memory size.</summary>
    [JsonPropertyName("Vsize")] public double? Vsize { get; init; }
    /// <summary>Free disk space.</summary>
    [JsonPropertyName("AvailableDiskSpace")] public double? AvailableDiskSpace { get; init; }
    /// <summary>CPU time consumed.</summary>
    [JsonPropertyName("CPUConsumed")] public double? CPUConsumed { get; init; }
    /// <summary>Wall-clock time so far.</summary>
    [JsonPropertyName("WallClockTime")] public double? WallClockTime { get; init; }
    /// <summary>The tail of the job's standard output.</summary>
    [JsonPropertyName("StandardOutput")] public string? StandardOutput { get; init; }

    /// <summary>The values DiracX stores in <c>HeartBeatLoggingInfo</c> (its <c>JobDB.heartbeat_fields</c>), by name.</summary>
    public IEnumerable<KeyValuePair<string, double>> NumericFields()
    {
        foreach (var (name, value) in new (string, double?)[]
        {
            ("LoadAverage", LoadAverage), ("MemoryUsed", MemoryUsed), ("Vsize", Vsize),
            ("AvailableDiskSpace", AvailableDiskSpace), ("CPUConsumed", CPUConsumed), ("WallClockTime", WallClockTime),
        })
        {
            if (value is { } v)
            {
                yield return new(name, v);
            }
        }
    }
}

/// <summary>A command for a job, returned once by the heartbeat (DiracX's <c>JobCommand</c>, snake_case keys).</summary>
/// <param name="JobId">The job.</param>
/// <param name="Command">The command (<c>Kill</c>).</param>
/// <param name="Arguments">Its arguments.</param>
public sealed record JobCommandReturn(
    [property: JsonPropertyName("job_id")] long JobId,
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("arguments")] string? Arguments);

/// <summary>One entry of a job's status history (DiracX's <c>JobStatusReturn</c>), as in the <c>LoggingInfo</c> search parameter.</summary>
/// <param name="Status">The major status.</param>
/// <param name="MinorStatus">The minor status.</param>
/// <param name="ApplicationStatus">The application status.</param>
/// <param name="StatusTime">When it was reported.</param>
/// <param name="Source">Who reported it.</param>
public sealed record JobStatusHistoryEntry(
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("MinorStatus")] string MinorStatus,
    [property: JsonPropertyName("ApplicationStatus")] string ApplicationStatus,
    [property: JsonPropertyName("StatusTime"), JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset StatusTime,
    [property: JsonPropertyName("Source")] string Source);
