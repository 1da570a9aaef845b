using DiracX.Core.Models;

namespace DiracX.Logic.Jobs;

/// <summary>One timestamped report for a job (an entry of the status request).</summary>
/// <param name="Time">When it happened (UTC).</param>
/// <param name="Update">What it reports.</param>
public sealed record StatusReport(DateTimeOffset Time, JobStatusUpdate Update);

/// <summary>What the status of one job is before the update.</summary>
/// <param name="JobID">The job.</param>
/// <param name="Status">Its stored major status.</param>
/// <param name="StartExecTime">Its stored start time.</param>
/// <param name="EndExecTime">Its stored end time.</param>
/// <param name="LastRecordTime">Its latest LoggingInfo time (null when it has none).</param>
public sealed record StatusBefore(long JobID, string Status, DateTimeOffset? StartExecTime, DateTimeOffset? EndExecTime,
    DateTimeOffset? LastRecordTime);

/// <summary>What an update does to one job: the columns to write, the history to append, the wire answer.</summary>
/// <param name="Change">The values written (the job's <c>success</c> entry).</param>
/// <param name="Records">The LoggingInfo records, one per report, in time order.</param>
/// <param name="NewStatus">The status the update settled on, or null when every report was older than the history.</param>
public sealed record StatusPlan(JobStatusChange Change, IReadOnlyList<JobLoggingRecord> Records, string? NewStatus)
{
    /// <summary>Whether the job goes to Killed or Deleted (out of the task queue, a Kill command queued).</summary>
    public bool KillsJob => NewStatus is nameof(JobStatus.Killed) or nameof(JobStatus.Deleted);
}

/// <summary>
/// DiracX's <c>set_job_statuses</c> for one job, without I/O (inventory 2.5): reports sorted by time; those at or
/// after the latest recorded time go through the state machine (<c>getNewStatus</c>); refused moves keep the status
/// and mark the source "(SM)"; HeartBeatTime, StartExecTime and EndExecTime follow DIRAC's rules.
/// </summary>
public static class StatusPlanner
{
    // Enum.ToString per report shows up in 10k-job updates; the names indexed by value (JobStatus is dense from 0).
    private static readonly string[] StatusNames = BuildStatusNames();

    private static string NameOf(JobStatus status) =>
        (uint)status < (uint)StatusNames.Length && StatusNames[(int)status] is { } name ? name : status.ToString();

    private static string[] BuildStatusNames()
    {
        var values = Enum.GetValues<JobStatus>();
        var names = new string[values.Max(v => (int)v) + 1];
        foreach (var value in values)
        {
            names[(int)value] = value.ToString();
        }
        return names;
    }

    /// <summary>Plans the update of one job.</summary>
    /// <param name="before">The job as stored.</param>
    /// <param name="reports">The reports (any order; at least one).</param>
    /// <param name="force">Skip the state machine (<c>?force=true</c>).</param>
    /// <param name="now">LastUpdateTime for a written status.</param>
    public static StatusPlan Plan(StatusBefore before, IReadOnlyList<StatusReport> reports, bool force, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0)
        {
            throw new ArgumentException("A status update needs at least one report", nameof(reports));
        }
        var sorted = reports.Count == 1 ? [reports[0]] : reports.OrderBy(r => r.Time).ToList();
        var statuses = new string?[sorted.Count];
        var sources = new string[sorted.Count];
        for (var i = 0; i < sorted.Count; i++)
        {
            statuses[i] = sorted[i].Update.Status is { } status ? NameOf(status) : null;
            sources[i] = sorted[i].Update.Source;
        }
        // Stalled jobs that report anything are taken to be running again.
        var current = before.Status == nameof(JobStatus.Stalled) ? nameof(JobStatus.Running) : before.Status;
        var (start, end) = StartAndEnd(before, sorted, statuses);

        string? newStatus = null;
        string? minor = null;
        string? application = null;
        var last = before.LastRecordTime ?? DateTimeOffset.MinValue;
        if (sorted[^1].Time >= last)
        {
            (newStatus, minor, application) = NewStatus(sorted, statuses, sources, last, current, force);
        }
        DateTimeOffset? heartbeat = null;
        for (var i = 0; i < sorted.Count; i++)
        {
            if (sources[i].StartsWith("Job", StringComparison.Ordinal) || sources[i] == "Heartbeat")
            {
                heartbeat = sorted[i].Time;
            }
        }
        var change = new JobStatusChange
        {
            Status = newStatus is { Length: > 0 } && Enum.TryParse<JobStatus>(newStatus, out var parsed) ? parsed : null,
            LastUpdateTime = newStatus is { Length: > 0 } ? now : null,
            MinorStatus = minor is { Length: > 0 } ? minor : null,
            ApplicationStatus = application is { Length: > 0 } ? StatusUpdateChecks.Truncate(application, Db.Jobs.JobColumnLengths.Text) : null,
            HeartBeatTime = heartbeat,
            StartExecTime = before.StartExecTime is null ? start : null,
            EndExecTime = before.EndExecTime is null ? end : null,
        };
        var records = sorted.Select((r, i) => new JobLoggingRecord(before.JobID, statuses[i] ?? JobStatusMinorStatuses.Idem,
            r.Update.MinorStatus ?? JobStatusMinorStatuses.Idem, r.Update.ApplicationStatus ?? JobStatusMinorStatuses.Idem,
            r.Time, sources[i])).ToList();
        return new StatusPlan(change, records, newStatus is { Length: > 0 } ? newStatus : null);
    }

    // DIRAC's getNewStatus: the last status, minor and application status of the reports not older than the history.
    private static (string Status, string Minor, string Application) NewStatus(List<StatusReport> sorted, string?[] statuses,
        string[] sources, DateTimeOffset last, string current, bool force)
    {
        var (status, minor, application) = ("", "", "");
        for (var i = 0; i < sorted.Count; i++)
        {
            if (sorted[i].Time < last)
            {
                continue;
            }
            status = statuses[i] ?? current;
            if (!force && status != current)
            {
                var next = StatusMachine.Next(current, status);
                if (next != status)
                {
                    status = next;
                    statuses[i] = next;
                    sources[i] += "(SM)";
                }
                current = next;
            }
            minor = sorted[i].Update.MinorStatus ?? minor;
            application = sorted[i].Update.ApplicationStatus ?? application;
        }
        return (status, minor, application);
    }

    // DIRAC's getStartAndEndTime: the first report (as requested) of Running, and of a final status.
    private static (DateTimeOffset? Start, DateTimeOffset? End) StartAndEnd(StatusBefore before, List<StatusReport> sorted, string?[] statuses)
    {
        DateTimeOffset? start = before.StartExecTime;
        DateTimeOffset? end = before.EndExecTime;
        var status = "";
        for (var i = 0; i < sorted.Count; i++)
        {
            status = statuses[i] ?? status;
            if (start is null && status == nameof(JobStatus.Running))
            {
                start = sorted[i].Time;
            }
            else if (end is null && StatusMachine.FinalStates.Contains(status))
            {
                end = sorted[i].Time;
            }
        }
        return (start, end);
    }
}
