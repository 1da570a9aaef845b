namespace DiracX.Db.Infrastructure;

/// <summary>
/// DiracX's SQL databases. Each is a schema of one PostgreSQL database by default, with a connection string of the
/// same name (<c>ConnectionStrings:jobdb</c>, or DiracX's <c>DIRACX_DB_URL_JOBDB</c>); all may be the same string.
/// </summary>
public static class DbNames
{
    /// <summary>AuthDB: device and authorization flows, refresh tokens.</summary>
    public const string AuthDb = "authdb";
    /// <summary>JobDB: jobs, JDLs, input data, commands, heartbeats.</summary>
    public const string JobDb = "jobdb";
    /// <summary>JobLoggingDB: the status history of jobs.</summary>
    public const string JobLoggingDb = "jobloggingdb";
    /// <summary>TaskQueueDB: task queues (DIRAC's matcher).</summary>
    public const string TaskQueueDb = "taskqueuedb";
    /// <summary>SandboxMetadataDB: sandboxes and their owners.</summary>
    public const string SandboxMetadataDb = "sandboxmetadatadb";
    /// <summary>PilotAgentsDB: pilots.</summary>
    public const string PilotAgentsDb = "pilotagentsdb";
    /// <summary>ResourceStatusDB: site and resource statuses.</summary>
    public const string ResourceStatusDb = "resourcestatusdb";
    /// <summary>TaskDB: the tasks' dead-letter queue and the scheduler's tables.</summary>
    public const string TaskDb = "taskdb";

    /// <summary>The connection string used by every DB that has none of its own.</summary>
    public const string Default = "diracx";

    /// <summary>Every DiracX database name.</summary>
    public static IReadOnlyList<string> All { get; } =
        [AuthDb, JobDb, JobLoggingDb, TaskQueueDb, SandboxMetadataDb, PilotAgentsDb, ResourceStatusDb, TaskDb];
}
