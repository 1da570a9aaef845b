using DiracX.Core.Models;
using DiracX.Logic.Tasks;
using Microsoft.Extensions.Options;

namespace DiracX.Logic.Jobs;

/// <summary>Settings of the periodic job tasks (section <c>DiracX:Tasks:Jobs</c>).</summary>
public sealed class JobTasksSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DiracX:Tasks:Jobs";

    /// <summary>A Running job without a heartbeat for this long becomes Stalled.</summary>
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A Stalled job without a sign of life for this long more becomes Failed.</summary>
    public TimeSpan FailedAfter { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How many jobs one run changes at most (the next run takes the rest).</summary>
    public int BatchSize { get; set; } = 10_000;
}

/// <summary>Status changes of the job tasks, through the normal status path (LoggingInfo, state machine).</summary>
internal static class JobTaskStatus
{
    public static Task<SetJobStatusResult> SetAsync(IReadOnlyList<long> jobIds, IReadOnlyList<(TimeSpan Offset, JobStatusUpdate Update)> steps,
        StatusStores stores, CancellationToken cancellationToken)
    {
        var now = stores.Now();
        IReadOnlyList<(StatusTimestamp, JobStatusUpdate)> reports =
            [.. steps.Select(s => (new StatusTimestamp(now + s.Offset, (now + s.Offset).UtcDateTime), s.Update))];
        return StatusUpdates.SetJobStatusesAsync(jobIds.ToDictionary(id => id, _ => reports), force: false, scope: null, stores, cancellationToken);
    }
}

/// <summary>
/// Stalled jobs (DIRAC's StalledJobAgent): Running jobs without a heartbeat for <see cref="JobTasksSettings.StalledAfter"/>
/// become Stalled, Stalled jobs silent for <see cref="JobTasksSettings.FailedAfter"/> more become Failed; each set in one
/// status update.
/// </summary>
public sealed class StalledJobsTask(StatusStores stores, IOptions<JobTasksSettings> settings) : DiracXTask<NoArgs>
{
    /// <summary>The task's name.</summary>
    public const string Name = "jobs:StalledJobs";

    /// <summary>The minor status of a stalled job.</summary>
    public const string StalledMinorStatus = "Job stalled: no heartbeat";

    /// <summary>The minor status of a job failed after stalling.</summary>
    public const string FailedMinorStatus = "Stalling for more than the allowed time";

    /// <summary>The definition: every 5 minutes, background, one at a time.</summary>
    public static TaskDefinition Definition { get; } = new(Name, typeof(StalledJobsTask))
    {
        Schedule = TaskSchedule.Cron("*/5 * * * *"), Priority = TaskPriority.Background, Mutex = true,
        Retry = RetryPolicy.Exponential(3, TimeSpan.FromSeconds(30)),
    };

    /// <inheritdoc />
    protected override async Task ExecuteAsync(NoArgs args, TaskRunContext run, CancellationToken cancellationToken)
    {
        var s = settings.Value;
        var now = stores.Now();
        var failing = await stores.Jobs.JobIdsInStatusAsync(nameof(JobStatus.Stalled), now - s.StalledAfter - s.FailedAfter, s.BatchSize, cancellationToken);
        if (failing.Count > 0)
        {
            await JobTaskStatus.SetAsync(failing, [(TimeSpan.Zero, new JobStatusUpdate
            {
                Status = JobStatus.Failed, MinorStatus = FailedMinorStatus, Source = "StalledJobsTask",
            })], stores, cancellationToken);
        }
        var stalled = await stores.Jobs.JobIdsInStatusAsync(nameof(JobStatus.Running), now - s.StalledAfter, s.BatchSize, cancellationToken);
        if (stalled.Count > 0)
        {
            await JobTaskStatus.SetAsync(stalled, [(TimeSpan.Zero, new JobStatusUpdate
            {
                Status = JobStatus.Stalled, MinorStatus = StalledMinorStatus, Source = "StalledJobsTask",
            })], stores, cancellationToken);
        }
    }
}

/// <summary>
/// DiracX's dummy job executor (a demonstration, off by default: <c>DiracX:Tasks:DummyJobExecutor:Enabled</c>, DiracX's
/// <c>DIRACX_TASKS_DUMMY_JOB_EXECUTOR_ENABLED</c>): every 10 s, Received jobs go to Waiting and one
/// <see cref="DummyJobExecutorTask"/> per job is enqueued.
/// </summary>
public sealed class DummyJobExecutorMonitorTask(StatusStores stores, TaskQueue queue) : DiracXTask<NoArgs>
{
    /// <summary>The task's name.</summary>
    public const string Name = "jobs:DummyJobExecutorMonitorTask";

    /// <summary>The setting that switches it on.</summary>
    public const string EnabledSetting = "DiracX:Tasks:DummyJobExecutor:Enabled";

    /// <summary>The minor status it sets.</summary>
    public const string MinorStatus = "DummyExecutor";

    /// <summary>The definition.</summary>
    public static TaskDefinition Definition { get; } = new(Name, typeof(DummyJobExecutorMonitorTask))
    {
        Schedule = TaskSchedule.Every(TimeSpan.FromSeconds(10)), Priority = TaskPriority.Background, Mutex = true, EnabledSetting = EnabledSetting,
    };

    /// <inheritdoc />
    protected override async Task ExecuteAsync(NoArgs args, TaskRunContext run, CancellationToken cancellationToken)
    {
        var received = await stores.Jobs.JobIdsInStatusAsync(nameof(JobStatus.Received), null, 1000, cancellationToken);
        if (received.Count == 0)
        {
            return;
        }
        await JobTaskStatus.SetAsync(received, [(TimeSpan.Zero, new JobStatusUpdate
        {
            Status = JobStatus.Waiting, MinorStatus = MinorStatus, Source = "DummyJobExecutor",
        })], stores, cancellationToken);
        foreach (var id in received)
        {
            await queue.EnqueueAsync(DummyJobExecutorTask.Name, new DummyJobArgs(id), null, cancellationToken);
        }
    }
}

/// <summary>The arguments of <see cref="DummyJobExecutorTask"/>.</summary>
/// <param name="JobId">The job.</param>
public sealed record DummyJobArgs(long JobId);

/// <summary>Walks one job Matched → Running (+1 s) → Done (+5 s) in one status update, holding the job's lock.</summary>
public sealed class DummyJobExecutorTask(StatusStores stores) : DiracXTask<DummyJobArgs>
{
    /// <summary>The task's name.</summary>
    public const string Name = "jobs:DummyJobExecutorTask";

    /// <summary>The definition.</summary>
    public static TaskDefinition Definition { get; } = new(Name, typeof(DummyJobExecutorTask))
    {
        Retry = RetryPolicy.Exponential(3, TimeSpan.FromSeconds(10)),
    };

    /// <inheritdoc />
    protected override IReadOnlyList<string> LockKeys(DummyJobArgs args) => [$"job:{args.JobId}"];

    /// <inheritdoc />
    protected override Task ExecuteAsync(DummyJobArgs args, TaskRunContext run, CancellationToken cancellationToken) =>
        JobTaskStatus.SetAsync([args.JobId],
        [
            (TimeSpan.Zero, new JobStatusUpdate { Status = JobStatus.Matched, MinorStatus = "Assigned", Source = "DummyJobExecutor" }),
            (TimeSpan.FromSeconds(1), new JobStatusUpdate { Status = JobStatus.Running, MinorStatus = "Application", Source = "DummyJobExecutor" }),
            (TimeSpan.FromSeconds(5), new JobStatusUpdate { Status = JobStatus.Done, MinorStatus = "Execution Complete", Source = "DummyJobExecutor" }),
        ], stores, cancellationToken);
}
