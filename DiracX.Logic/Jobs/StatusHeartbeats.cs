using System.Globalization;
using System.Text.Json;
using DiracX.Core.Errors;
using DiracX.Core.Models;
using DiracX.Core.Telemetry;
using DiracX.Db.Jobs;
using Microsoft.Extensions.Logging;

namespace DiracX.Logic.Jobs;

/// <summary>DiracX's <c>add_heartbeat</c> and <c>get_job_commands</c> (the logic of <c>PATCH /api/jobs/heartbeat</c>).</summary>
public static partial class StatusHeartbeats
{
    /// <summary>The source of the status change a heartbeat causes.</summary>
    public const string Source = "Heartbeat";

    /// <summary>
    /// Records the heartbeats and returns the jobs' pending commands, marking them sent. Matched and Stalled jobs
    /// become Running (source "Heartbeat"); the others get HeartBeatTime = now. Numeric values go to
    /// <c>HeartBeatLoggingInfo</c>, the others (StandardOutput) to the job parameters.
    /// </summary>
    /// <remarks>
    /// Jobs that do not exist (unknown or removed) are skipped and logged, so that one bad id never loses a pilot's
    /// batch (DiracX answers 500 for the whole batch, quirk A13): the response is a list of commands, with no slot
    /// for a per-job failure.
    /// </remarks>
    /// <exception cref="ForbiddenException">403: a job is outside the caller's <paramref name="scope"/> (null: any job), checked on the locked rows.</exception>
    /// <exception cref="DiracDetailException">
    /// 404 with <c>{"failed": {id: {"detail": "Not found"}}}</c> when no job of the batch exists; nothing is recorded.
    /// </exception>
    public static async Task<IReadOnlyList<JobCommandReturn>> AddHeartbeatAsync(IReadOnlyDictionary<long, HeartbeatData> data,
        JobWriteScope? scope, StatusStores stores, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.jobs.heartbeat");
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(stores);
        if (data.Count == 0)
        {
            scope?.Require([], 0);
            return [];
        }
        var rows = await stores.Jobs.LockJobsAsync([.. data.Keys], cancellationToken);
        scope?.Require(rows, data.Count);
        var found = rows.Select(r => r.JobID).ToHashSet();
        var missing = data.Keys.Where(id => !found.Contains(id)).ToList();
        if (missing.Count > 0)
        {
            if (found.Count == 0)
            {
                throw new DiracDetailException(
                    new Dictionary<string, object> { ["failed"] = missing.ToDictionary(id => id, _ => JobStatusFailure.NotFound) },
                    DiracErrorKind.NotFound, $"Jobs not found: {string.Join(", ", missing)}");
            }
            LogUnknownJobs(stores.Log, missing.Count, string.Join(", ", missing));
            data = data.Where(d => found.Contains(d.Key)).ToDictionary(d => d.Key, d => d.Value);
        }
        var now = stores.Now();
        var reviving = rows.Where(r => r.Status is nameof(JobStatus.Matched) or nameof(JobStatus.Stalled)).ToList();
        if (reviving.Count > 0)
        {
            var report = new JobStatusUpdate { Status = JobStatus.Running, Source = Source };
            await StatusUpdates.ApplyAsync(reviving, reviving.ToDictionary(r => r.JobID, _ => (IReadOnlyList<StatusReport>)[new StatusReport(now, report)]),
                force: false, stores, new Dictionary<long, JobAttributeUpdate>(), cancellationToken);
        }
        var revived = reviving.Select(r => r.JobID).ToHashSet();
        await stores.Jobs.UpdateJobAttributesAsync([.. rows.Where(r => !revived.Contains(r.JobID))
            .Select(r => new JobAttributeUpdate(r.JobID) { HeartBeatTime = now })], cancellationToken);
        await stores.Jobs.InsertHeartbeatValuesAsync([.. data.SelectMany(d => d.Value.NumericFields()
            .Select(f => new HeartbeatValue(d.Key, f.Key, PythonFloat(f.Value))))], now, cancellationToken);
        var stamp = now.ToUnixTimeMilliseconds();
        await stores.Jobs.UpsertJobParametersAsync([.. data.Where(d => d.Value.StandardOutput is not null).Select(d => (d.Key,
            JsonSerializer.Serialize(new Dictionary<string, object> { ["JobID"] = d.Key, ["timestamp"] = stamp, ["StandardOutput"] = d.Value.StandardOutput! })))],
            cancellationToken);
        var commands = await stores.Jobs.TakeJobCommandsAsync([.. data.Keys], cancellationToken);
        DiracXTelemetry.Heartbeats.Add(data.Count);
        DiracXTelemetry.JobsPerRequest.Record(data.Count, new KeyValuePair<string, object?>("operation", "heartbeat"));
        if (commands.Count > 0)
        {
            DiracXTelemetry.CommandsDelivered.Add(commands.Count);
        }
        activity?.SetTag("diracx.jobs.count", data.Count);
        activity?.SetTag("diracx.jobs.commands", commands.Count);
        return [.. commands.Select(c => new JobCommandReturn(c.JobID, c.Command, c.Arguments))];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeats for {Count} unknown jobs skipped: {JobIds}")]
    private static partial void LogUnknownJobs(ILogger logger, int count, string jobIds);

    /// <summary>A float as Python's <c>str(float)</c> writes it (<c>1234.0</c>, <c>2.5</c>), as DiracX stores it.</summary>
    public static string PythonFloat(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.IsFinite(value) && !text.Contains('.', StringComparison.Ordinal) && !text.Contains('E', StringComparison.Ordinal)
            ? text + ".0"
            : text;
    }
}
