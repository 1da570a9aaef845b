namespace DiracX.Db.Jobs;

/// <summary>A job to insert with <see cref="JobDb.InsertJobsAsync"/>: its JDLs, its Jobs row and its input data.</summary>
/// <param name="JobID">An ID from <see cref="JobDb.ReserveJobIdsAsync"/>.</param>
/// <param name="Jdl">The prepared JDL text (compressed on insert).</param>
/// <param name="OriginalJdl">The JDL as submitted (compressed on insert).</param>
/// <param name="Owner">The submitter's preferred_username.</param>
/// <param name="OwnerGroup">The submitter's DIRAC group.</param>
/// <param name="VO">The submitter's VO.</param>
/// <param name="Status">The initial status.</param>
/// <param name="MinorStatus">The initial minor status.</param>
/// <param name="SubmissionTime">SubmissionTime and LastUpdateTime.</param>
public sealed record NewJob(
    long JobID,
    string Jdl,
    string OriginalJdl,
    string Owner,
    string OwnerGroup,
    string VO,
    string Status,
    string MinorStatus,
    DateTimeOffset SubmissionTime)
{
    /// <summary>JobType, or null for DiracX's default (<c>user</c>).</summary>
    public string? JobType { get; init; }

    /// <summary>JobGroup, or null for DiracX's default (<c>00000000</c>).</summary>
    public string? JobGroup { get; init; }

    /// <summary>Site, or null for DiracX's default (<c>ANY</c>).</summary>
    public string? Site { get; init; }

    /// <summary>JobName, or null for DiracX's default (<c>Unknown</c>).</summary>
    public string? JobName { get; init; }

    /// <summary>The JDL Priority.</summary>
    public int UserPriority { get; init; }

    /// <summary>VerifiedFlag; DiracX's submission writes true.</summary>
    public bool VerifiedFlag { get; init; } = true;

    /// <summary>The input LFNs (a repeated LFN is stored once).</summary>
    public IReadOnlyList<string> InputData { get; init; } = [];
}
