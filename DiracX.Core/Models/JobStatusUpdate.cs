using System.Text.Json.Serialization;

namespace DiracX.Core.Models;

/// <summary>
/// One timestamped status report for a job in <c>PATCH /api/jobs/status</c> (DiracX's <c>JobStatusUpdate</c>).
/// Missing fields mean "unchanged"; unknown keys are ignored, as pydantic does.
/// </summary>
public sealed record JobStatusUpdate
{
    /// <summary>The new major status, or null to keep it.</summary>
    [JsonPropertyName("Status")]
    public JobStatus? Status { get; init; }

    /// <summary>The new minor status, or null to keep it.</summary>
    [JsonPropertyName("MinorStatus")]
    public string? MinorStatus { get; init; }

    /// <summary>The new application status, or null to keep it.</summary>
    [JsonPropertyName("ApplicationStatus")]
    public string? ApplicationStatus { get; init; }

    /// <summary>Who reports the change (DiracX's default: <c>Unknown</c>).</summary>
    [JsonPropertyName("Source")]
    public string Source { get; init; } = "Unknown";
}

/// <summary>DiracX's <c>JobMinorStatus</c> values and the other fixed strings of the status machinery.</summary>
public static class JobStatusMinorStatuses
{
    /// <summary>The minor status of a job failed by too many reschedules.</summary>
    public const string MaxRescheduling = "Maximum of reschedulings reached";

    /// <summary>The minor status of a rescheduled job.</summary>
    public const string Rescheduled = "Job Rescheduled";

    /// <summary>The LoggingInfo placeholder for "unchanged".</summary>
    public const string Idem = "idem";
}
