namespace DiracX.Db.Pilots;

/// <summary>A row of <c>PilotAgents</c> (DiracX's <c>sql/pilots/schema.py</c>).</summary>
public sealed class PilotAgent
{
    /// <summary>The pilot's id.</summary>
    public long PilotID { get; set; }
    /// <summary>The first job it ran.</summary>
    public long InitialJobID { get; set; }
    /// <summary>The job it runs.</summary>
    public long CurrentJobID { get; set; }
    /// <summary>The reference of the pilot job at its site.</summary>
    public string PilotJobReference { get; set; } = "Unknown";
    /// <summary>The pilot's stamp: unique (DiracX checks it only in code).</summary>
    public string PilotStamp { get; set; } = "";
    /// <summary>The computing element.</summary>
    public string DestinationSite { get; set; } = "NotAssigned";
    /// <summary>The queue.</summary>
    public string Queue { get; set; } = "Unknown";
    /// <summary>The grid site.</summary>
    public string GridSite { get; set; } = "Unknown";
    /// <summary>The VO.</summary>
    public string? VO { get; set; }
    /// <summary>The grid type.</summary>
    public string GridType { get; set; } = "LCG";
    /// <summary>The worker's benchmark.</summary>
    public double BenchMark { get; set; }
    /// <summary>When it was registered (UTC).</summary>
    public DateTimeOffset? SubmissionTime { get; set; }
    /// <summary>When it last changed (UTC).</summary>
    public DateTimeOffset? LastUpdateTime { get; set; }
    /// <summary>The status.</summary>
    public string Status { get; set; } = "Unknown";
    /// <summary>Why it has its status.</summary>
    public string StatusReason { get; set; } = "Unknown";
    /// <summary>Whether accounting was sent.</summary>
    public bool AccountingSent { get; set; }
}

/// <summary>A row of <c>JobToPilotMapping</c>: a job a pilot ran.</summary>
public sealed class JobToPilotMapping
{
    /// <summary>The pilot.</summary>
    public long PilotID { get; set; }
    /// <summary>The job.</summary>
    public long JobID { get; set; }
    /// <summary>When the link was recorded (UTC).</summary>
    public DateTimeOffset StartTime { get; set; }
}

/// <summary>A row of <c>PilotOutput</c>: a pilot's standard output and error.</summary>
public sealed class PilotOutput
{
    /// <summary>The pilot.</summary>
    public long PilotID { get; set; }
    /// <summary>Its standard output.</summary>
    public string? StdOutput { get; set; }
    /// <summary>Its standard error.</summary>
    public string? StdError { get; set; }
}
