using System.Text.Json.Serialization;

namespace DiracX.Core.Models;

/// <summary>One job created by <c>POST /api/jobs/jdl</c>, as DiracX's <c>InsertedJob</c>.</summary>
/// <param name="JobID">The new job's ID.</param>
/// <param name="Status">Its initial status: Received, or Submitting for a parametric job.</param>
/// <param name="MinorStatus">"Job accepted", or "Bulk transaction confirmation" for a parametric job.</param>
/// <param name="TimeStamp">When the jobs were created (UTC, the time recorded in LoggingInfo).</param>
public sealed record InsertedJob(
    [property: JsonPropertyName("JobID")] long JobID,
    [property: JsonPropertyName("Status")] JobStatus Status,
    [property: JsonPropertyName("MinorStatus")] string MinorStatus,
    [property: JsonPropertyName("TimeStamp")] DateTimeOffset TimeStamp);
