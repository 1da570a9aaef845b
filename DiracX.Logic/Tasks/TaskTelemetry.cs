using System.Diagnostics.Metrics;
using DiracX.Core.Telemetry;
using DiracX.Db.Tasks;

namespace DiracX.Logic.Tasks;

/// <summary>
/// The tasks' metrics on DiracX's meter, each tagged with the task's name (<c>task</c>), a bounded set: charted per task,
/// they say how often a task runs, how often it fails, how long it takes and how far behind its schedule it starts.
/// </summary>
public static class TaskTelemetry
{
    /// <summary>Attempts finished, tagged <c>outcome</c>: succeeded, retried, failed (for good), released (lock busy or worker stopping), lost.</summary>
    public static Counter<long> Runs { get; } = DiracXTelemetry.Meter.CreateCounter<long>("diracx.tasks.runs", "{run}", "Task attempts, by outcome");

    /// <summary>Attempts that failed, whether retried or failed for good (a worker that died counts).</summary>
    public static Counter<long> Failures { get; } = DiracXTelemetry.Meter.CreateCounter<long>("diracx.tasks.failures", "{run}", "Failed task attempts");

    /// <summary>How long an attempt ran, tagged <c>outcome</c> as <see cref="Runs"/>.</summary>
    public static Histogram<double> Duration { get; } = DiracXTelemetry.Meter.CreateHistogram<double>("diracx.tasks.duration", "s", "Task attempt duration");

    /// <summary>
    /// How late an attempt started after it was due, tagged <c>scheduled</c> (true for a periodic schedule's slot, whose
    /// lag is how far behind its schedule the task runs; false for an on-demand run).
    /// </summary>
    public static Histogram<double> Lag { get; } = DiracXTelemetry.Meter.CreateHistogram<double>("diracx.tasks.lag", "s", "Delay between due time and start");

    /// <summary>Records how late <paramref name="run"/> starts at <paramref name="started"/>.</summary>
    public static void RecordLag(TaskRunRecord run, DateTimeOffset started)
    {
        ArgumentNullException.ThrowIfNull(run);
        Lag.Record(Math.Max(0, (started - run.RunAt).TotalSeconds), new("task", run.TaskName), new("scheduled", run.ScheduleKey is not null));
    }

    /// <summary>Records a finished attempt (its duration when it ran here).</summary>
    public static void RecordAttempt(string taskName, TaskAttemptOutcome outcome, TimeSpan? duration)
    {
        if (outcome is TaskAttemptOutcome.Idle)
        {
            return;
        }
        var task = new KeyValuePair<string, object?>("task", taskName);
        var tag = new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant());
        Runs.Add(1, task, tag);
        if (outcome is TaskAttemptOutcome.Retried or TaskAttemptOutcome.Failed)
        {
            Failures.Add(1, task);
        }
        if (duration is { } d)
        {
            Duration.Record(d.TotalSeconds, task, tag);
        }
    }
}
