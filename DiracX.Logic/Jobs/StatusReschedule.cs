using DiracX.Core.Configuration;
using DiracX.Core.Jdl;
using DiracX.Core.Models;
using DiracX.Db.Jobs;
using DiracX.Core.Telemetry;

namespace DiracX.Logic.Jobs;

/// <summary>The answer of <c>POST /api/jobs/reschedule</c>: per job, the new JDL, attributes and status, or why not.</summary>
/// <param name="Success">Rescheduled jobs: <c>InputData</c> (the new JDL), Site, UserPriority, RescheduleTime, RescheduleCounter and the status change.</param>
/// <param name="Failed">Jobs not rescheduled, with <c>detail</c>.</param>
public sealed record RescheduleResult(
    [property: System.Text.Json.Serialization.JsonPropertyName("success")] IReadOnlyDictionary<long, OrderedDictionary<string, object?>> Success,
    [property: System.Text.Json.Serialization.JsonPropertyName("failed")] IReadOnlyDictionary<long, JobStatusFailure> Failed);

/// <summary>DiracX's <c>reschedule_jobs</c>, bulk: a fixed number of statements whatever the number of jobs.</summary>
public static class StatusReschedule
{
    /// <summary>
    /// Reschedules the jobs: each needs VerifiedFlag; its counter goes up (or to 0 with <paramref name="resetJobs"/>);
    /// above <c>Operations.&lt;vo&gt;.Services.JobScheduling.MaxRescheduling</c> it fails ("Maximum of reschedulings
    /// reached"); otherwise its original JDL is prepared again and it goes to Received / "Job Rescheduled" through the
    /// state machine (so Done, Failed and Killed jobs keep their status, quirk A4). Missing jobs fail "Not found".
    /// </summary>
    /// <exception cref="DiracDetailException">400 with the result as its detail: no job was rescheduled.</exception>
    public static async Task<RescheduleResult> RescheduleJobsAsync(IReadOnlyCollection<long> jobIds, bool resetJobs, Config config,
        StatusStores stores, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.jobs.reschedule");
        ArgumentNullException.ThrowIfNull(jobIds);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(stores);
        var rows = await stores.Jobs.LockJobsAsync(jobIds, cancellationToken);
        var found = rows.Select(r => r.JobID).ToHashSet();
        var failed = jobIds.Where(id => !found.Contains(id)).Distinct().ToDictionary(id => id, _ => JobStatusFailure.NotFound);
        var now = stores.Now();
        var reports = new Dictionary<long, IReadOnlyList<StatusReport>>();
        var survivors = new List<(JobStatusRow Row, int Counter)>();
        foreach (var row in rows)
        {
            if (!row.VerifiedFlag)
            {
                failed[row.JobID] = new($"VerifiedFlag is False: Status {row.Status}, Minor Status: {row.MinorStatus}");
                continue;
            }
            var counter = resetJobs ? 0 : row.RescheduleCounter + 1;
            var max = config.Operations.TryGetValue(row.VO, out var operations) ? operations.Services.JobScheduling.MaxRescheduling : 3;
            if (counter > max)
            {
                reports[row.JobID] = [Report(now, JobStatus.Failed, JobStatusMinorStatuses.MaxRescheduling)];
                failed[row.JobID] = new($"Maximum number of reschedules exceeded ({max})");
                continue;
            }
            survivors.Add((row, counter));
        }
        var success = new Dictionary<long, OrderedDictionary<string, object?>>();
        if (survivors.Count == 0)
        {
            return Answer(success, failed);
        }
        var originals = await stores.Jobs.GetJobJdlsAsync([.. survivors.Select(s => s.Row.JobID)], original: true, cancellationToken);
        var extra = new Dictionary<long, JobAttributeUpdate>();
        var jdls = new Dictionary<long, string>();
        foreach (var (row, counter) in survivors)
        {
            try
            {
                var prepared = Prepare(row, originals.GetValueOrDefault(row.JobID) ?? "[]", config);
                jdls[row.JobID] = JdlWriter.Write(prepared.Jdl);
                extra[row.JobID] = new JobAttributeUpdate(row.JobID)
                {
                    Site = prepared.Site ?? JobDefaults.Site,
                    UserPriority = prepared.UserPriority,
                    RescheduleTime = now,
                    RescheduleCounter = counter,
                };
                reports[row.JobID] = [Report(now, JobStatus.Received, JobStatusMinorStatuses.Rescheduled)];
            }
            catch (Core.Errors.DiracException e)
            {
                failed[row.JobID] = new(e.Message);
            }
        }
        var result = await StatusUpdates.ApplyAsync(rows, reports, force: false, stores, extra, cancellationToken);
        await stores.Jobs.UpdateJobJdlsAsync(jdls, cancellationToken);
        foreach (var (jobId, change) in result.Success)
        {
            if (!failed.ContainsKey(jobId) && extra.TryGetValue(jobId, out var attributes))
            {
                success[jobId] = Entry(jdls[jobId], attributes, change);
            }
        }
        return Answer(success, failed);
    }

    // DiracX answers 400 with the same body when no job was rescheduled.
    private static RescheduleResult Answer(Dictionary<long, OrderedDictionary<string, object?>> success, Dictionary<long, JobStatusFailure> failed)
    {
        var result = new RescheduleResult(success, failed);
        return success.Count > 0 ? result : throw new Core.Errors.DiracDetailException(result, Core.Errors.DiracErrorKind.BadRequest, "No job was rescheduled");
    }

    private static StatusReport Report(DateTimeOffset now, JobStatus status, string minor) =>
        new(now, new JobStatusUpdate { Status = status, MinorStatus = minor, ApplicationStatus = "Unknown" });

    private static PreparedJob Prepare(JobStatusRow row, string original, Config config)
    {
        var rules = JobSubmissionRules.For(config, row.VO, 1, int.MaxValue);
        var text = original.Trim();
        var document = JdlParser.Parse(text.StartsWith('[') ? text : $"[{text}]");
        var manifest = JobManifest.CheckAndAddOwner(document, row.Owner, row.OwnerGroup, rules.Rules);
        return JobPreparation.PrepareJob(manifest, row.JobID, new JobOwner(row.Owner, row.OwnerGroup, row.VO), rules.Rules,
            platforms => PlatformCompatibility.FindCompatiblePlatforms(platforms, rules.OsCompatibility));
    }

    // DiracX's entry: {"InputData": jdl, **attributes, **status change by alias}; instants as UTC DateTime for a "Z".
    private static OrderedDictionary<string, object?> Entry(string jdl, JobAttributeUpdate attributes, JobStatusChange change) => new()
    {
        ["InputData"] = jdl,
        ["Site"] = attributes.Site,
        ["UserPriority"] = attributes.UserPriority,
        ["RescheduleTime"] = attributes.RescheduleTime?.UtcDateTime,
        ["RescheduleCounter"] = attributes.RescheduleCounter,
        ["Status"] = change.Status?.ToString(),
        ["MinorStatus"] = change.MinorStatus,
        ["ApplicationStatus"] = change.ApplicationStatus,
        ["HeartBeatTime"] = change.HeartBeatTime?.UtcDateTime,
        ["StartExecTime"] = change.StartExecTime?.UtcDateTime,
        ["EndExecTime"] = change.EndExecTime?.UtcDateTime,
        ["LastUpdateTime"] = change.LastUpdateTime?.UtcDateTime,
    };
}
