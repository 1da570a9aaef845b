using System.Globalization;
using DiracX.Core.Errors;
using DiracX.Core.Models;
using DiracX.Core.Telemetry;
using DiracX.Db.JobLogging;
using DiracX.Db.Jobs;
using Microsoft.Extensions.Logging;

namespace DiracX.Logic.Jobs;

/// <summary>
/// DiracX's <c>set_job_statuses</c> (the logic of <c>PATCH /api/jobs/status</c>), bulk and set-based: the jobs are
/// locked in JobID order, then one statement per table whatever the number of jobs.
/// </summary>
public static partial class StatusUpdates
{
    /// <summary>The command queued for killed and deleted jobs.</summary>
    public const string KillCommand = "Kill";

    /// <summary>Reads the timestamp keys of the request body (naive ones are kept, for <see cref="RequireTimeZones"/>).</summary>
    /// <exception cref="RequestValidationException">422: a key is not a date-time.</exception>
    public static IReadOnlyDictionary<long, IReadOnlyList<(StatusTimestamp Time, JobStatusUpdate Update)>> ParseTimestamps(
        IReadOnlyDictionary<long, Dictionary<string, JobStatusUpdate>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body.ToDictionary(j => j.Key,
            j => (IReadOnlyList<(StatusTimestamp, JobStatusUpdate)>)[.. j.Value.Select(u => (InHistoryRange(StatusTimestamps.Parse(u.Key, j.Key), u.Key, j.Key), u.Value))]);
    }

    // The status history orders reports by DiracX's StatusTimeOrder, a numeric(12, 3) of seconds from its epoch: a time
    // outside its range (before July 1978 or after December 2041) cannot be recorded, and failed in the database (a 500, in DiracX too).
    private static StatusTimestamp InHistoryRange(StatusTimestamp time, string key, long jobId)
    {
        if (time.Instant is { } instant && (instant < JobLoggingDb.MinStatusTime || instant > JobLoggingDb.MaxStatusTime))
        {
            throw new RequestValidationException(new ValidationProblem(["body", jobId.ToString(CultureInfo.InvariantCulture), key],
                string.Create(CultureInfo.InvariantCulture,
                    $"Value error, the timestamp must lie between {JobLoggingDb.MinStatusTime:yyyy-MM-ddTHH:mm:ssZ} and {JobLoggingDb.MaxStatusTime:yyyy-MM-ddTHH:mm:ssZ}"),
                "value_error", key));
        }
        return time;
    }

    /// <summary>
    /// Refuses naive timestamps as DiracX does (400 "Timestamp {dt} is not timezone aware for job {id}") and returns
    /// the reports; reports with the same instant collapse (the last wins, as keys of one dict).
    /// </summary>
    /// <exception cref="DiracException">400: a timestamp has no time zone.</exception>
    public static IReadOnlyDictionary<long, IReadOnlyList<StatusReport>> RequireTimeZones(
        IReadOnlyDictionary<long, IReadOnlyList<(StatusTimestamp Time, JobStatusUpdate Update)>> parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        foreach (var (jobId, updates) in parsed)
        {
            foreach (var (time, _) in updates)
            {
                if (time.Instant is null)
                {
                    throw new DiracException($"Timestamp {time.PythonText} is not timezone aware for job {jobId}");
                }
            }
        }
        var reports = new Dictionary<long, IReadOnlyList<StatusReport>>(parsed.Count);
        foreach (var (jobId, updates) in parsed)
        {
            // A pilot's batch carries one report per job: no grouping to do (it costs more than the rest per job).
            reports[jobId] = updates.Count == 1
                ? [new StatusReport(updates[0].Time.Instant!.Value, updates[0].Update)]
                : [.. updates.GroupBy(u => u.Time.Instant!.Value).Select(g => new StatusReport(g.Key, g.Last().Update))];
        }
        return reports;
    }

    /// <summary>
    /// Applies the reports (read by <see cref="ParseTimestamps"/>; naive timestamps are refused as in
    /// <see cref="RequireTimeZones"/>): jobs that do not exist are <c>failed</c> ("Not found"), the others <c>success</c>
    /// with what changed. Killed and Deleted jobs leave the task queue and get a Kill command. The jobs are locked first
    /// and checked against the caller's <paramref name="scope"/> (null: any job), so that the access check costs no read
    /// of its own; the 403 comes before the 400 and 422 of the reports, as when the policy ran first.
    /// </summary>
    /// <exception cref="ForbiddenException">403: a job is outside <paramref name="scope"/>.</exception>
    /// <exception cref="DiracException">400: a timestamp has no time zone.</exception>
    /// <exception cref="DiracDetailException">404 with the result as its detail: no job was found.</exception>
    public static async Task<SetJobStatusResult> SetJobStatusesAsync(
        IReadOnlyDictionary<long, IReadOnlyList<(StatusTimestamp Time, JobStatusUpdate Update)>> parsed, bool force,
        JobWriteScope? scope, StatusStores stores, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.jobs.set_status");
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(stores);
        var rows = await stores.Jobs.LockJobsAsync([.. parsed.Keys], cancellationToken);
        scope?.Require(rows, parsed.Count);
        var reports = RequireTimeZones(parsed);
        StatusUpdateChecks.Check(reports);
        var result = await ApplyAsync(rows, reports, force, stores, new Dictionary<long, JobAttributeUpdate>(), cancellationToken);
        RecordOutcome(activity, result);
        if (result.Success.Count == 0)
        {
            throw new DiracDetailException(result, DiracErrorKind.NotFound, "No job was found");
        }
        if (result.Failed.Count > 0)
        {
            LogUnknownJobs(stores.Log, result.Failed.Count, string.Join(", ", result.Failed.Keys));
        }
        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status reports for {Count} unknown jobs skipped: {JobIds}")]
    private static partial void LogUnknownJobs(ILogger logger, int count, string jobIds);

    private static void RecordOutcome(System.Diagnostics.Activity? activity, SetJobStatusResult result)
    {
        if (result.Success.Count > 0)
        {
            DiracXTelemetry.StatusChanges.Add(result.Success.Count, new KeyValuePair<string, object?>("outcome", "applied"));
        }
        if (result.Failed.Count > 0)
        {
            DiracXTelemetry.StatusChanges.Add(result.Failed.Count, new KeyValuePair<string, object?>("outcome", "refused"));
        }
        DiracXTelemetry.JobsPerRequest.Record(result.Success.Count + result.Failed.Count, new KeyValuePair<string, object?>("operation", "set_status"));
        activity?.SetTag("diracx.jobs.applied", result.Success.Count);
        activity?.SetTag("diracx.jobs.refused", result.Failed.Count);
    }

    /// <summary>The update on rows already locked; <paramref name="extra"/> adds columns to jobs whose status is written.</summary>
    internal static async Task<SetJobStatusResult> ApplyAsync(IReadOnlyList<JobStatusRow> rows,
        IReadOnlyDictionary<long, IReadOnlyList<StatusReport>> reports, bool force, StatusStores stores,
        IReadOnlyDictionary<long, JobAttributeUpdate> extra, CancellationToken cancellationToken)
    {
        var found = rows.Where(r => reports.ContainsKey(r.JobID)).ToList();
        var foundIds = found.Select(r => r.JobID).ToHashSet();
        var failed = reports.Keys.Where(id => !foundIds.Contains(id)).ToDictionary(id => id, _ => JobStatusFailure.NotFound);
        if (found.Count == 0)
        {
            return new SetJobStatusResult(new Dictionary<long, JobStatusChange>(), failed);
        }
        var lastTimes = await stores.Logging.GetLastStatusTimesAsync([.. found.Select(r => r.JobID)], cancellationToken);
        var now = stores.Now();
        var plans = found.Select(r => (Row: r, Plan: StatusPlanner.Plan(
            new StatusBefore(r.JobID, r.Status, r.StartExecTime, r.EndExecTime, lastTimes.TryGetValue(r.JobID, out var t) ? t : null),
            reports[r.JobID], force, now))).ToList();

        // The parameters' Status (DiracX upserts {"JobID", "timestamp", "Status"} on every new status) is written with
        // the row, in the same statement; reading the parameters merges it in.
        var stamp = now.ToUnixTimeMilliseconds();
        await stores.Jobs.UpdateJobAttributesAsync([.. plans.Select(p => ToAttributes(p.Row.JobID, p.Plan, extra.GetValueOrDefault(p.Row.JobID), stamp))],
            cancellationToken);
        var killed = plans.Where(p => p.Plan.KillsJob).Select(p => p.Row.JobID).ToList();
        if (killed.Count > 0)
        {
            await stores.TaskQueues.RemoveJobsAndEmptyQueuesAsync(killed, cancellationToken);
            await stores.Jobs.InsertJobCommandsAsync(killed, KillCommand, "", now, cancellationToken);
        }
        await stores.Logging.InsertRecordsAsync([.. plans.SelectMany(p => p.Plan.Records)], cancellationToken);
        return new SetJobStatusResult(plans.ToDictionary(p => p.Row.JobID, p => p.Plan.Change), failed);
    }

    private static JobAttributeUpdate ToAttributes(long jobId, StatusPlan plan, JobAttributeUpdate? extra, long stamp)
    {
        var change = plan.Change;
        // As DiracX, the extra columns (reschedule) are written only with a status.
        var baseline = change.Status is not null && extra is not null ? extra : new JobAttributeUpdate(jobId);
        return baseline with
        {
            JobID = jobId,
            Status = change.Status?.ToString() ?? baseline.Status,
            LastUpdateTime = change.LastUpdateTime ?? baseline.LastUpdateTime,
            MinorStatus = change.MinorStatus ?? baseline.MinorStatus,
            ApplicationStatus = change.ApplicationStatus ?? baseline.ApplicationStatus,
            HeartBeatTime = change.HeartBeatTime ?? baseline.HeartBeatTime,
            StartExecTime = change.StartExecTime ?? baseline.StartExecTime,
            EndExecTime = change.EndExecTime ?? baseline.EndExecTime,
            ParameterStatus = plan.NewStatus,
            ParameterTimestamp = plan.NewStatus is null ? null : stamp,
        };
    }
}
