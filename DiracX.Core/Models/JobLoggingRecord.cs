namespace DiracX.Core.Models;

/// <summary>One status-history entry to record for a job (DiracX's <c>JobLoggingRecord</c>).</summary>
/// <param name="JobID">The job.</param>
/// <param name="Status">The major status (a <see cref="JobStatus"/> name), or <c>idem</c> for "unchanged".</param>
/// <param name="MinorStatus">The minor status, or <c>idem</c>.</param>
/// <param name="ApplicationStatus">The application status, or <c>idem</c>.</param>
/// <param name="Date">When the status was reported (any offset; stored in UTC).</param>
/// <param name="Source">Who reported it, e.g. <c>JobManager</c>.</param>
public sealed record JobLoggingRecord(
    long JobID,
    string Status,
    string MinorStatus,
    string ApplicationStatus,
    DateTimeOffset Date,
    string Source);
