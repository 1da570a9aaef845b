using System.Text.Json;
using System.Text.Json.Serialization;
using DiracX.Core.Errors;
using DiracX.Db.Tasks;

namespace DiracX.Logic.Tasks;

/// <summary>A registered task type, as the operations routes show it.</summary>
public sealed record TaskTypeInfo
{
    /// <summary>The registered name (<c>auth:PruneAuthDb</c>).</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }
    /// <summary>realtime, normal or background.</summary>
    [JsonPropertyName("priority")] public required string Priority { get; init; }
    /// <summary>The schedule (<c>cron:0 6 * * *</c>, <c>every:10</c>), or null for an on-demand task.</summary>
    [JsonPropertyName("schedule")] public string? Schedule { get; init; }
    /// <summary>One schedule per VO.</summary>
    [JsonPropertyName("per_vo")] public bool PerVo { get; init; }
    /// <summary>The setting that must be true for the schedule to exist, or null.</summary>
    [JsonPropertyName("enabled_setting")] public string? EnabledSetting { get; init; }
    /// <summary>Attempts at most.</summary>
    [JsonPropertyName("max_attempts")] public int MaxAttempts { get; init; }
    /// <summary>none, fixed or exponential.</summary>
    [JsonPropertyName("retry")] public required string Retry { get; init; }
    /// <summary>One run at a time.</summary>
    [JsonPropertyName("mutex")] public bool Mutex { get; init; }
    /// <summary>Runs at once across workers, or null.</summary>
    [JsonPropertyName("concurrency_limit")] public int? ConcurrencyLimit { get; init; }
    /// <summary>The version of the arguments' JSON.</summary>
    [JsonPropertyName("args_version")] public int ArgsVersion { get; init; }
}

/// <summary>A stored periodic schedule.</summary>
public sealed record TaskScheduleInfo
{
    /// <summary><c>task</c> or <c>task@vo</c>.</summary>
    [JsonPropertyName("key")] public required string Key { get; init; }
    /// <summary>The task.</summary>
    [JsonPropertyName("task_name")] public required string TaskName { get; init; }
    /// <summary>The VO of a per-VO schedule.</summary>
    [JsonPropertyName("vo")] public string? Vo { get; init; }
    /// <summary>The schedule.</summary>
    [JsonPropertyName("schedule")] public required string Schedule { get; init; }
    /// <summary>Paused by an operator.</summary>
    [JsonPropertyName("paused")] public bool Paused { get; init; }
    /// <summary>Last change.</summary>
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A run of a task and its state.</summary>
public sealed record TaskRunInfo
{
    /// <summary>The run id.</summary>
    [JsonPropertyName("run_id")] public long RunId { get; init; }
    /// <summary>The task.</summary>
    [JsonPropertyName("task_name")] public required string TaskName { get; init; }
    /// <summary>Pending, Running, Succeeded or Failed (Failed: the dead-letter list).</summary>
    [JsonPropertyName("state")] public required string State { get; init; }
    /// <summary>Attempts started.</summary>
    [JsonPropertyName("attempt")] public int Attempt { get; init; }
    /// <summary>The arguments.</summary>
    [JsonPropertyName("args")] public JsonElement Args { get; init; }
    /// <summary>When the run may start (later for a retry).</summary>
    [JsonPropertyName("run_at")] public DateTimeOffset RunAt { get; init; }
    /// <summary>The slot of a periodic run.</summary>
    [JsonPropertyName("scheduled_for")] public DateTimeOffset? ScheduledFor { get; init; }
    /// <summary>The schedule of a periodic run.</summary>
    [JsonPropertyName("schedule_key")] public string? ScheduleKey { get; init; }
    /// <summary>When it was requested.</summary>
    [JsonPropertyName("enqueued_at")] public DateTimeOffset EnqueuedAt { get; init; }
    /// <summary>When the latest attempt started.</summary>
    [JsonPropertyName("started_at")] public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it finished.</summary>
    [JsonPropertyName("finished_at")] public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The worker of the latest attempt.</summary>
    [JsonPropertyName("node")] public string? Node { get; init; }
    /// <summary>The latest error.</summary>
    [JsonPropertyName("error")] public string? Error { get; init; }
}

/// <summary>A request to run a task now (or at <see cref="RunAt"/>).</summary>
public sealed record TaskTriggerRequest
{
    /// <summary>The registered task name.</summary>
    [JsonPropertyName("task_name")] public required string TaskName { get; init; }
    /// <summary>The arguments (JSON, the task's snake_case shape); none when absent.</summary>
    [JsonPropertyName("args")] public JsonElement? Args { get; init; }
    /// <summary>When to run it; now when absent.</summary>
    [JsonPropertyName("run_at")] public DateTimeOffset? RunAt { get; init; }
}

/// <summary>
/// What the operations routes (<c>/api/tasks</c>, ours) do: list task types, schedules and runs, trigger a run through
/// the queue (an outbox row in the request's transaction), retry a failed run, pause and resume a schedule.
/// </summary>
public static class TaskOperations
{
    /// <summary>The run states a filter may name.</summary>
    public static IReadOnlyList<string> States { get; } = [TaskRunStates.Pending, TaskRunStates.Running, TaskRunStates.Succeeded, TaskRunStates.Failed];

    /// <summary>The most runs one listing returns.</summary>
    public const int MaxRuns = 1000;

    /// <summary>Every registered task type, by name.</summary>
    public static IReadOnlyList<TaskTypeInfo> ListTypes(TaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return [.. registry.Tasks.Values.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => new TaskTypeInfo
        {
            Name = d.Name, Priority = d.Priority.ToString().ToLowerInvariant(), Schedule = d.Schedule?.Text, PerVo = d.PerVo,
            EnabledSetting = d.EnabledSetting, MaxAttempts = d.Retry.MaxAttempts, Mutex = d.Mutex, ConcurrencyLimit = d.ConcurrencyLimit,
            ArgsVersion = d.ArgsVersion,
            Retry = d.Retry switch { ExponentialRetryPolicy => "exponential", { MaxAttempts: <= 1 } => "none", _ => "fixed" },
        })];
    }

    /// <summary>The stored schedules.</summary>
    public static async Task<IReadOnlyList<TaskScheduleInfo>> ListSchedulesAsync(TaskDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return [.. (await db.ListSchedulesAsync(cancellationToken)).Select(s => new TaskScheduleInfo
        {
            Key = s.Key, TaskName = s.TaskName, Vo = s.Vo, Schedule = s.Schedule, Paused = s.Paused, UpdatedAt = s.UpdatedAt,
        })];
    }

    /// <summary>The latest runs, newest first, optionally of one state (Failed: the dead-letter list) and one task.</summary>
    /// <exception cref="DiracException">400: an unknown state or a limit outside 1..<see cref="MaxRuns"/>.</exception>
    public static async Task<IReadOnlyList<TaskRunInfo>> ListRunsAsync(TaskDb db, string? state, string? taskName, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        string? canonical = null;
        if (!string.IsNullOrEmpty(state))
        {
            canonical = States.FirstOrDefault(s => string.Equals(s, state, StringComparison.OrdinalIgnoreCase))
                ?? throw new DiracException($"Unknown run state {state}: one of {string.Join(", ", States)}", DiracErrorKind.BadRequest);
        }
        if (limit is < 1 or > MaxRuns)
        {
            throw new DiracException($"limit must be between 1 and {MaxRuns}", DiracErrorKind.BadRequest);
        }
        return [.. (await db.ListRunsAsync(canonical, string.IsNullOrEmpty(taskName) ? null : taskName, limit, cancellationToken)).Select(ToInfo)];
    }

    /// <summary>One run.</summary>
    /// <exception cref="NotFoundException">No such run.</exception>
    public static async Task<TaskRunInfo> GetRunAsync(TaskDb db, long runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return ToInfo(await db.GetRunAsync(runId, cancellationToken) ?? throw new NotFoundException($"No task run {runId}"));
    }

    /// <summary>
    /// Enqueues a run (in the caller's unit of work) and returns it, pending. The arguments are read as the task will read
    /// them first: a run the task cannot read would only fail (and be retried) in a worker.
    /// </summary>
    /// <exception cref="DiracException">404: no such task.</exception>
    /// <exception cref="RequestValidationException">422: the task cannot read the arguments.</exception>
    public static async Task<TaskRunInfo> TriggerAsync(ITaskQueue queue, TaskRegistry registry, TaskDb db, TaskTriggerRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(request);
        if (registry.Find(request.TaskName) is { } definition)
        {
            TaskArguments.Check(definition, request.Args);
        }
        var id = await queue.EnqueueAsync(request.TaskName, request.Args, request.RunAt, cancellationToken);
        return await GetRunAsync(db, id, cancellationToken);
    }

    /// <summary>Puts a failed run back in the queue with fresh attempts and returns it.</summary>
    /// <exception cref="DiracException">404: no such run; 409: the run has not failed.</exception>
    public static async Task<TaskRunInfo> RetryAsync(TaskDb db, long runId, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        if (!await db.RetryAsync(runId, time.GetUtcNow(), cancellationToken))
        {
            var run = await db.GetRunAsync(runId, cancellationToken) ?? throw new NotFoundException($"No task run {runId}");
            throw new DiracException($"Task run {runId} is {run.State}: only a failed run can be retried", DiracErrorKind.Conflict);
        }
        return await GetRunAsync(db, runId, cancellationToken);
    }

    /// <summary>Pauses or resumes a schedule (the workers apply it at the next firing) and returns it.</summary>
    /// <exception cref="NotFoundException">No such schedule.</exception>
    public static async Task<TaskScheduleInfo> SetPausedAsync(TaskDb db, string key, bool paused, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        if (!await db.SetPausedAsync(key, paused, time.GetUtcNow(), cancellationToken))
        {
            throw new NotFoundException($"No task schedule {key}");
        }
        return (await ListSchedulesAsync(db, cancellationToken)).First(s => s.Key == key);
    }

    private static TaskRunInfo ToInfo(TaskRunRecord r)
    {
        using var args = JsonDocument.Parse(r.ArgsJson);
        return new TaskRunInfo
        {
            RunId = r.Id, TaskName = r.TaskName, State = r.State, Attempt = r.Attempt, Args = args.RootElement.Clone(), RunAt = r.RunAt,
            ScheduledFor = r.ScheduledFor, ScheduleKey = r.ScheduleKey, EnqueuedAt = r.EnqueuedAt, StartedAt = r.StartedAt,
            FinishedAt = r.FinishedAt, Node = r.Node, Error = r.Error,
        };
    }
}
