namespace DiracX.Db.JobLogging;

/// <summary>A row of <c>LoggingInfo</c>: one step of a job's status history (DiracX's JobLoggingDB).</summary>
public sealed class LoggingInfo
{
    /// <summary>The job.</summary>
    public long JobID { get; set; }
    /// <summary>The record's position in the job's history, from 1.</summary>
    public int SeqNum { get; set; }
    /// <summary>The major status, or <c>idem</c> for "unchanged".</summary>
    public string Status { get; set; } = "";
    /// <summary>The minor status, or <c>idem</c>.</summary>
    public string MinorStatus { get; set; } = "";
    /// <summary>The application status, or <c>idem</c> (truncated to 255 characters).</summary>
    public string ApplicationStatus { get; set; } = "";
    /// <summary>When the status was reported (UTC).</summary>
    public DateTimeOffset StatusTime { get; set; }
    /// <summary>StatusTime as seconds since 1 270 000 000 (DiracX's MAGIC_EPOC_NUMBER), 3 decimals: the sort key.</summary>
    public decimal StatusTimeOrder { get; set; }
    /// <summary>Who reported the status (truncated to 32 characters).</summary>
    public string StatusSource { get; set; } = "Unknown";
}

/// <summary>
/// A row of <c>LoggingInfoSeqNums</c>: the last SeqNum given to a job. It replaces DiracX's read-then-insert
/// <c>max(SeqNum)+1</c> (quirk A14): the insert bumps this counter with <c>INSERT ... ON CONFLICT DO UPDATE</c>, which
/// locks the job's counter row until commit, so concurrent writers for one job are serialised and never collide.
/// The same row carries the job's latest StatusTimeOrder.
/// </summary>
public sealed class LoggingInfoSeqNum
{
    /// <summary>The job.</summary>
    public long JobID { get; set; }
    /// <summary>The highest SeqNum used for the job.</summary>
    public int LastSeqNum { get; set; }
    /// <summary>
    /// The highest StatusTimeOrder of the job's records, maintained by the statement that appends them (the status
    /// machine's "last time", read by primary key instead of <c>max("StatusTimeOrder")</c> over LoggingInfo). Null
    /// for counters written by something else; readers then fall back to LoggingInfo.
    /// </summary>
    public decimal? LastStatusTimeOrder { get; set; }
}
