using DiracX.Db.Tasks;
using DiracX.Logic.Tasks;
using Quartz;


namespace DiracX.Tasks;

/// <summary>
/// Keeps Quartz's clustered triggers equal to the stored schedules: at start-up and then every
/// <see cref="TasksHostSettings.ReconcileInterval"/> (configuration changes such as a new VO, pauses from the
/// operations routes). Quartz only keeps time: a firing writes the slot's run (<see cref="PeriodicSlotJob"/>).
/// </summary>
public sealed partial class ScheduleSync(ISchedulerFactory schedulers, ScheduleReconciler reconciler, TasksHostSettings settings,
    ILogger<ScheduleSync> log) : BackgroundService
{
    /// <summary>The Quartz group of DiracX's schedules.</summary>
    public const string Group = "diracx";

    /// <summary>The job-data key holding the schedule's text.</summary>
    public const string ScheduleKey = "schedule";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SyncAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSyncFailed(log, e.Message);
            }
            try
            {
                await Task.Delay(settings.ReconcileInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reconciles TaskDB, then Quartz.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        var stored = await reconciler.ReconcileAsync(cancellationToken);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var keys = stored.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var jobKey in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(Group), cancellationToken))
        {
            if (!keys.Contains(jobKey.Name))
            {
                await scheduler.DeleteJob(jobKey, cancellationToken);
            }
        }
        foreach (var schedule in stored)
        {
            var jobKey = new JobKey(schedule.Key, Group);
            var triggerKey = new TriggerKey(schedule.Key, Group);
            var existing = await scheduler.GetTrigger(triggerKey, cancellationToken);
            if (existing is null || existing.JobDataMap.GetString(ScheduleKey) != schedule.Schedule)
            {
                var job = JobBuilder.Create<PeriodicSlotJob>().WithIdentity(jobKey).StoreDurably().Build();
                var trigger = Trigger(schedule, triggerKey, jobKey);
                try
                {
                    await scheduler.DeleteJob(jobKey, cancellationToken);
                    await scheduler.ScheduleJob(job, trigger, cancellationToken: cancellationToken);
                }
                catch (ObjectAlreadyExistsException)
                {
                    // another worker scheduled it at the same moment
                }
            }
            var state = await scheduler.GetTriggerState(triggerKey, cancellationToken);
            if (schedule.Paused && state != TriggerState.Paused)
            {
                await scheduler.PauseTrigger(triggerKey, cancellationToken);
            }
            else if (!schedule.Paused && state == TriggerState.Paused)
            {
                await scheduler.ResumeTrigger(triggerKey, cancellationToken);
            }
        }
    }

    private static ITrigger Trigger(TaskScheduleRecord schedule, TriggerKey triggerKey, JobKey jobKey)
    {
        var builder = TriggerBuilder.Create().WithIdentity(triggerKey).ForJob(jobKey).UsingJobData(ScheduleKey, schedule.Schedule);
        return TaskSchedule.Parse(schedule.Schedule) switch
        {
            CronTaskSchedule cron => builder
                .WithCronSchedule(DiracXCron.ToQuartz(cron.Expression), c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build(),
            IntervalTaskSchedule every => builder.StartNow()
                .WithSimpleSchedule(s => s.WithInterval(every.Interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                .Build(),
            _ => throw new InvalidOperationException($"unknown schedule {schedule.Schedule}"),
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not synchronise the task schedules: {Error}")]
    private static partial void LogSyncFailed(ILogger logger, string error);
}

/// <summary>
/// A firing of a periodic schedule: writes the run of that slot (once per slot whichever node fires it, thanks to the
/// unique slot index), unless the schedule is paused or gone. The workers then claim and run it.
/// </summary>
public sealed class PeriodicSlotJob(IServiceScopeFactory scopes, TaskRegistry registry, TimeProvider time) : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = context.JobDetail.Key.Name;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaskDb>();
        var schedule = (await db.ListSchedulesAsync(cancellationToken)).FirstOrDefault(s => s.Key == key);
        if (schedule is null || schedule.Paused || registry.Find(schedule.TaskName) is not { } definition)
        {
            return;
        }
        var slot = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var args = schedule.Vo is null ? "null" : new DesiredSchedule(key, definition, schedule.Vo, definition.Schedule!).ArgsJson;
        await db.EnqueueSlotAsync(new NewTaskRun(definition.Name, args, definition.ArgsVersion, (int)definition.Priority, slot,
            null, key, slot), time.GetUtcNow(), cancellationToken);
    }
}
