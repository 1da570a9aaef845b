namespace DiracX.Db.Tasks;

/// <summary>A row of <c>taskdb.task_runs</c>: one requested execution of a task and its outcome.</summary>
public sealed class TaskRunEntity
{
    /// <summary>The run id.</summary>
    public long Id { get; set; }
    /// <summary>The task's registered name (<c>auth:PruneAuthDb</c>).</summary>
    public string TaskName { get; set; } = "";
    /// <summary>The arguments, JSON.</summary>
    public string Args { get; set; } = "null";
    /// <summary>The version of the arguments' shape.</summary>
    public int ArgsVersion { get; set; }
    /// <summary>0 realtime, 1 normal, 2 background: lower first.</summary>
    public int Priority { get; set; }
    /// <summary>Pending, Running, Succeeded, Failed.</summary>
    public string State { get; set; } = "";
    /// <summary>Attempts started so far.</summary>
    public int Attempt { get; set; }
    /// <summary>When the run may start (later for a retry).</summary>
    public DateTime RunAt { get; set; }
    /// <summary>The slot of a periodic run; null for on-demand runs.</summary>
    public DateTime? ScheduledFor { get; set; }
    /// <summary>When the run was requested.</summary>
    public DateTime EnqueuedAt { get; set; }
    /// <summary>When the latest attempt started.</summary>
    public DateTime? StartedAt { get; set; }
    /// <summary>When the run finished (succeeded or failed for good).</summary>
    public DateTime? FinishedAt { get; set; }
    /// <summary>Until when the running worker holds the run (renewed while it runs).</summary>
    public DateTime? LeaseUntil { get; set; }
    /// <summary>The current attempt's token: only its holder may finish it.</summary>
    public Guid? LeaseToken { get; set; }
    /// <summary>The worker of the latest attempt.</summary>
    public string? Node { get; set; }
    /// <summary>The schedule of a periodic run.</summary>
    public string? ScheduleKey { get; set; }
    /// <summary>The latest error.</summary>
    public string? Error { get; set; }
    /// <summary>The W3C trace context of the request that enqueued the run.</summary>
    public string? TraceParent { get; set; }
}

/// <summary>A row of <c>taskdb.task_schedules</c>: one periodic schedule (one per task, or per task and VO).</summary>
public sealed class TaskScheduleEntity
{
    /// <summary><c>task</c> or <c>task@vo</c>.</summary>
    public string Key { get; set; } = "";
    /// <summary>The task's name.</summary>
    public string TaskName { get; set; } = "";
    /// <summary>The VO of a per-VO schedule.</summary>
    public string? Vo { get; set; }
    /// <summary>The schedule as written (<c>cron:0 6 * * *</c> or <c>every:00:00:10</c>).</summary>
    public string Schedule { get; set; } = "";
    /// <summary>Paused by an operator.</summary>
    public bool Paused { get; set; }
    /// <summary>Last change.</summary>
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A row of <c>taskdb.task_rate_windows</c>: how many runs of a key started in a window.</summary>
public sealed class TaskRateWindowEntity
{
    /// <summary>The limiter key.</summary>
    public string Key { get; set; } = "";
    /// <summary>The window's start, seconds since the epoch.</summary>
    public long WindowStart { get; set; }
    /// <summary>Runs started in the window.</summary>
    public int Count { get; set; }
}
