namespace DiracX.Db.Jobs;

/// <summary>The columns of a job the status machinery reads, from <see cref="JobDb.LockJobsAsync"/>.</summary>
/// <param name="JobID">The job.</param>
/// <param name="Status">Its major status.</param>
/// <param name="MinorStatus">Its minor status.</param>
/// <param name="StartExecTime">When it started running, if it did.</param>
/// <param name="EndExecTime">When it reached a final status, if it did.</param>
/// <param name="VO">Its VO.</param>
/// <param name="Owner">Its owner.</param>
/// <param name="OwnerGroup">Its owner's group.</param>
/// <param name="VerifiedFlag">Whether it passed the submission checks.</param>
/// <param name="RescheduleCounter">How often it was rescheduled.</param>
public sealed record JobStatusRow(
    long JobID,
    string Status,
    string MinorStatus,
    DateTimeOffset? StartExecTime,
    DateTimeOffset? EndExecTime,
    string VO,
    string Owner,
    string OwnerGroup,
    bool VerifiedFlag,
    int RescheduleCounter);

/// <summary>
/// New values for some columns of one job's <c>Jobs</c> row (null = unchanged), applied by
/// <see cref="JobDb.UpdateJobAttributesAsync"/>. Values are never set back to NULL, as in DiracX.
/// </summary>
public sealed record JobAttributeUpdate(long JobID)
{
    /// <summary>JobType.</summary>
    public string? JobType { get; init; }
    /// <summary>JobGroup.</summary>
    public string? JobGroup { get; init; }
    /// <summary>Site.</summary>
    public string? Site { get; init; }
    /// <summary>JobName.</summary>
    public string? JobName { get; init; }
    /// <summary>Owner.</summary>
    public string? Owner { get; init; }
    /// <summary>OwnerGroup.</summary>
    public string? OwnerGroup { get; init; }
    /// <summary>VO.</summary>
    public string? VO { get; init; }
    /// <summary>SubmissionTime.</summary>
    public DateTimeOffset? SubmissionTime { get; init; }
    /// <summary>RescheduleTime.</summary>
    public DateTimeOffset? RescheduleTime { get; init; }
    /// <summary>LastUpdateTime.</summary>
    public DateTimeOffset? LastUpdateTime { get; init; }
    /// <summary>StartExecTime.</summary>
    public DateTimeOffset? StartExecTime { get; init; }
    /// <summary>HeartBeatTime.</summary>
    public DateTimeOffset? HeartBeatTime { get; init; }
    /// <summary>EndExecTime.</summary>
    public DateTimeOffset? EndExecTime { get; init; }
    /// <summary>Status.</summary>
    public string? Status { get; init; }
    /// <summary>MinorStatus.</summary>
    public string? MinorStatus { get; init; }
    /// <summary>ApplicationStatus.</summary>
    public string? ApplicationStatus { get; init; }
    /// <summary>UserPriority.</summary>
    public int? UserPriority { get; init; }
    /// <summary>RescheduleCounter.</summary>
    public int? RescheduleCounter { get; init; }
    /// <summary>VerifiedFlag.</summary>
    public bool? VerifiedFlag { get; init; }
    /// <summary>AccountedFlag (<c>True</c>, <c>False</c> or <c>Failed</c>).</summary>
    public string? AccountedFlag { get; init; }
    /// <summary>The status recorded in the job's parameters (see <see cref="Job.ParameterStatus"/>).</summary>
    public string? ParameterStatus { get; init; }
    /// <summary>When it was recorded, in milliseconds since the epoch.</summary>
    public long? ParameterTimestamp { get; init; }
}

/// <summary>One heartbeat value to store in <c>HeartBeatLoggingInfo</c>.</summary>
/// <param name="JobID">The job.</param>
/// <param name="Name">The value's name (LoadAverage, ...).</param>
/// <param name="Value">The value as text.</param>
public sealed record HeartbeatValue(long JobID, string Name, string Value);
