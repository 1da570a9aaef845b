namespace DiracX.Db.Jobs;

/// <summary>
/// A row of <c>JobJDLs</c>: the job's JDLs, and the generator of JobIDs. The three JDL columns hold the raw zlib
/// stream of the UTF-8 text in <c>bytea</c> (see <see cref="JdlCompression"/>).
/// </summary>
public sealed class JobJdl
{
    /// <summary>The job's ID (an identity column; <see cref="JobDb.ReserveJobIdsAsync"/> draws from its sequence).</summary>
    public long JobID { get; set; }

    /// <summary>The prepared JDL, compressed.</summary>
    public byte[] JDL { get; set; } = [];

    /// <summary>The job requirements, compressed; empty as in DiracX (the requirements live inside the JDL).</summary>
    public byte[] JobRequirements { get; set; } = [];

    /// <summary>The JDL as submitted, compressed.</summary>
    public byte[] OriginalJDL { get; set; } = [];
}

/// <summary>How a job was accounted (DiracX's <c>AccountedFlagEnum</c>: True, False or "Failed").</summary>
public enum JobAccountedFlag
{
    /// <summary>Not accounted yet.</summary>
    False,
    /// <summary>Sent to accounting.</summary>
    True,
    /// <summary>Sending to accounting failed.</summary>
    Failed,
}

/// <summary>A row of <c>Jobs</c>: the searchable attributes of a job (DiracX's JobDB <c>Jobs</c> table).</summary>
public sealed class Job
{
    /// <summary>The job's ID (also the key of its <see cref="JobJdl"/>).</summary>
    public long JobID { get; set; }
    /// <summary>JobType (default <c>user</c>).</summary>
    public string JobType { get; set; } = JobDefaults.JobType;
    /// <summary>JobGroup (default <c>00000000</c>).</summary>
    public string JobGroup { get; set; } = JobDefaults.JobGroup;
    /// <summary>The destination site, <c>Multiple</c>, or <c>ANY</c>.</summary>
    public string Site { get; set; } = JobDefaults.Site;
    /// <summary>JobName (default <c>Unknown</c>).</summary>
    public string JobName { get; set; } = JobDefaults.Unknown;
    /// <summary>The submitter's preferred_username.</summary>
    public string Owner { get; set; } = JobDefaults.Unknown;
    /// <summary>The submitter's DIRAC group.</summary>
    public string OwnerGroup { get; set; } = JobDefaults.Unknown;
    /// <summary>The submitter's VO.</summary>
    public string VO { get; set; } = "";
    /// <summary>When the job was submitted (UTC).</summary>
    public DateTimeOffset? SubmissionTime { get; set; }
    /// <summary>When the job was last rescheduled (UTC).</summary>
    public DateTimeOffset? RescheduleTime { get; set; }
    /// <summary>When the job's status last changed (UTC).</summary>
    public DateTimeOffset? LastUpdateTime { get; set; }
    /// <summary>When the job started running (UTC).</summary>
    public DateTimeOffset? StartExecTime { get; set; }
    /// <summary>The job's last heartbeat (UTC).</summary>
    public DateTimeOffset? HeartBeatTime { get; set; }
    /// <summary>When the job reached a final state (UTC).</summary>
    public DateTimeOffset? EndExecTime { get; set; }
    /// <summary>The major status (a <c>JobStatus</c> name; free text in the table as in DiracX).</summary>
    public string Status { get; set; } = "Received";
    /// <summary>The minor status.</summary>
    public string MinorStatus { get; set; } = JobDefaults.Unknown;
    /// <summary>The application status.</summary>
    public string ApplicationStatus { get; set; } = JobDefaults.Unknown;
    /// <summary>The JDL Priority.</summary>
    public int UserPriority { get; set; }
    /// <summary>How often the job was rescheduled.</summary>
    public int RescheduleCounter { get; set; }
    /// <summary>Whether the job passed the submission checks (DiracX writes True at submission).</summary>
    public bool VerifiedFlag { get; set; }
    /// <summary>Whether the job was accounted.</summary>
    public JobAccountedFlag AccountedFlag { get; set; }
    /// <summary>
    /// The <c>Status</c> of the job's parameter document: the status last set by a status update (DiracX upserts
    /// <c>{"JobID", "timestamp", "Status"}</c> into the parameters on every status change). Not a DiracX column: it is
    /// kept here, written by the update that rewrites this row anyway, and merged into the document when it is read,
    /// so a pilot's batch of status changes writes no second row per job. Null until the first status update.
    /// </summary>
    public string? ParameterStatus { get; set; }
    /// <summary>When <see cref="ParameterStatus"/> was set (milliseconds since the epoch: the document's <c>timestamp</c>).</summary>
    public long? ParameterTimestamp { get; set; }
}

/// <summary>A row of <c>InputData</c>: one LFN a job reads.</summary>
public sealed class InputDataEntry
{
    /// <summary>The job.</summary>
    public long JobID { get; set; }
    /// <summary>The logical file name.</summary>
    public string LFN { get; set; } = "";
    /// <summary>The replica status (default <c>AprioriGood</c>).</summary>
    public string Status { get; set; } = JobDefaults.InputDataStatus;
}

/// <summary>A row of <c>JobCommands</c>: a command (Kill) waiting to be sent with a job's next heartbeat.</summary>
public sealed class JobCommand
{
    /// <summary>The job.</summary>
    public long JobID { get; set; }
    /// <summary>The command, e.g. <c>Kill</c>.</summary>
    public string Command { get; set; } = "";
    /// <summary>The command's arguments.</summary>
    public string Arguments { get; set; } = "";
    /// <summary><c>Received</c>, then <c>Sent</c>.</summary>
    public string Status { get; set; } = "Received";
    /// <summary>When the command was stored (UTC).</summary>
    public DateTimeOffset ReceptionTime { get; set; }
    /// <summary>When the command was executed (UTC).</summary>
    public DateTimeOffset? ExecutionTime { get; set; }
}

/// <summary>A row of <c>HeartBeatLoggingInfo</c>: one heartbeat value of a job.</summary>
public sealed class HeartBeatLoggingInfo
{
    /// <summary>The job.</summary>
    public long JobID { get; set; }
    /// <summary>The value's name (LoadAverage, MemoryUsed, ...).</summary>
    public string Name { get; set; } = "";
    /// <summary>The value, as text.</summary>
    public string Value { get; set; } = "";
    /// <summary>When the heartbeat arrived (UTC).</summary>
    public DateTimeOffset HeartBeatTime { get; set; }
}

/// <summary>
/// A row of <c>JobParameters</c>: every parameter of one job as a JSON object. It replaces DiracX's OpenSearch
/// JobParametersDB (one document per job, upserted), not DIRAC's legacy name/value <c>JobParameters</c> table.
/// </summary>
public sealed class JobParametersDocument
{
    /// <summary>The job.</summary>
    public long JobID { get; set; }
    /// <summary>The parameters as a JSON object (<c>jsonb</c>).</summary>
    public string Parameters { get; set; } = "{}";
}

/// <summary>DiracX's column defaults for JobDB, shared by the schema and the bulk inserts.</summary>
public static class JobDefaults
{
    /// <summary>JobType when the JDL has none.</summary>
    public const string JobType = "user";
    /// <summary>JobGroup when the JDL has none.</summary>
    public const string JobGroup = "00000000";
    /// <summary>Site when the JDL has none.</summary>
    public const string Site = "ANY";
    /// <summary>JobName, MinorStatus, ApplicationStatus, Owner and OwnerGroup when unknown.</summary>
    public const string Unknown = "Unknown";
    /// <summary>The status of a new InputData row.</summary>
    public const string InputDataStatus = "AprioriGood";
}

/// <summary>
/// A row of <c>JobsSummary</c>: how many jobs have these values of one view's columns (legacy DIRAC's
/// <c>JobsHistorySummary</c> idea). <see cref="Kind"/> names the view (<see cref="JobsSummaryTable.Views"/>); the columns
/// outside it are null. Maintained only by the statement-level triggers on <c>Jobs</c>, in the transaction of the write;
/// rows whose count fell to zero are kept.
/// </summary>
public sealed class JobsSummaryRow
{
    /// <summary>A surrogate key.</summary>
    public long Id { get; set; }
    /// <summary>The view this row belongs to.</summary>
    public short Kind { get; set; }
    /// <summary>Status.</summary>
    public string? Status { get; set; }
    /// <summary>MinorStatus.</summary>
    public string? MinorStatus { get; set; }
    /// <summary>Site.</summary>
    public string? Site { get; set; }
    /// <summary>Owner.</summary>
    public string? Owner { get; set; }
    /// <summary>OwnerGroup.</summary>
    public string? OwnerGroup { get; set; }
    /// <summary>VO.</summary>
    public string? VO { get; set; }
    /// <summary>JobGroup.</summary>
    public string? JobGroup { get; set; }
    /// <summary>JobType.</summary>
    public string? JobType { get; set; }
    /// <summary>The number of jobs with these values (may be 0).</summary>
    public long Count { get; set; }
}
