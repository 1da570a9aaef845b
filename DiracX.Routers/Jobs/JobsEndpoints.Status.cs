using System.Text.Json;
using DiracX.Core.Models;
using DiracX.Logic.Jobs;
using DiracX.Routers.Infrastructure.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DiracX.Routers.Jobs;

public static partial class JobsEndpoints
{
    /// <summary><c>PATCH /api/jobs/status?force=</c>: timestamped status reports for many jobs; 404 when no job was found.</summary>
    [EndpointSummary("Set job statuses")]
    [EndpointDescription("Applies timestamped status reports to many jobs, in time order, through the job state machine (a refused "
        + "transition keeps the status and marks the source \"(SM)\"; ?force=true skips the machine). Killed and Deleted "
        + "jobs leave the task queue and get a Kill command. 404 when no job was found; 400 for naive timestamps.")]
    public static async Task<Ok<SetJobStatusResult>> SetJobStatuses([FromBody] JobStatusReportsBody body, AuthorizedUser user,
        [AsParameters] JobsServices services, CancellationToken cancellationToken, bool force = false)
    {
        // The logic checks the scope on the rows it locks: a pilot's batch of 10,000 reads its jobs once, not twice.
        services.Settings.Value.CheckIds(body.Reports.Keys);
        var scope = services.Policy.ScopeOfChange(user);
        return TypedResults.Ok(await StatusUpdates.SetJobStatusesAsync(body.Reports, force, scope, services.Stores, cancellationToken));
    }

    /// <summary><c>PATCH /api/jobs/heartbeat</c>: records heartbeats and returns (once) the jobs' pending commands.</summary>
    [EndpointSummary("Add heartbeats")]
    [EndpointDescription("Records heartbeats (Matched and Stalled jobs become Running) and returns the jobs' pending commands once. "
        + "Jobs that do not exist are skipped; 404 naming them when none exists.")]
    public static async Task<Ok<IReadOnlyList<JobCommandReturn>>> AddHeartbeat([FromBody] Dictionary<long, HeartbeatData> body, AuthorizedUser user,
        [AsParameters] JobsServices services, CancellationToken cancellationToken)
    {
        // As for status reports: the scope is checked on the rows the logic locks, not by reading them once more.
        services.Settings.Value.CheckIds(body.Keys);
        var scope = services.Policy.ScopeOfChange(user);
        return TypedResults.Ok(await StatusHeartbeats.AddHeartbeatAsync(body, scope, services.Stores, cancellationToken));
    }

    /// <summary><c>POST /api/jobs/reschedule?reset_jobs=</c>: 400 with the same body when no job was rescheduled.</summary>
    [EndpointSummary("Reschedule jobs")]
    [EndpointDescription("Sends jobs back to Received with a new JDL, up to Operations.<vo>.Services.JobScheduling.MaxRescheduling times "
        + "(?reset_jobs=true resets the counter). 400 with the same body when no job was rescheduled.")]
    public static async Task<Ok<RescheduleResult>> RescheduleJobs([FromBody] JobStatusJobIds body, AuthorizedUser user,
        [AsParameters] JobsServices services, CancellationToken cancellationToken, bool reset_jobs = false)
    {
        var ids = services.Settings.Value.CheckIds(body.JobIds);
        await services.Policy.CheckAsync(user, WmsAction.Manage, ids, cancellationToken);
        return TypedResults.Ok(await StatusReschedule.RescheduleJobsAsync(ids, reset_jobs, services.Config.Current.Config, services.Stores, cancellationToken));
    }

    /// <summary><c>PATCH /api/jobs/metadata</c>: sets attributes and parameters of jobs (204).</summary>
    [EndpointSummary("Patch job metadata")]
    [EndpointDescription("Sets job attributes (Jobs columns; Status directly) and job parameters (the others). 204. Only a "
        + "JobAdministrator may change Owner, OwnerGroup or VO (403).")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public static async Task<NoContent> PatchMetadata([FromBody] Dictionary<long, Dictionary<string, JsonElement>> body, AuthorizedUser user,
        [AsParameters] JobsServices services, CancellationToken cancellationToken)
    {
        await services.Policy.CheckAsync(user, WmsAction.Manage, services.Settings.Value.CheckIds(body.Keys), cancellationToken);
        services.Policy.CheckMetadataAttributes(user,
            body.Values.SelectMany(values => values.Where(v => v.Value.ValueKind != JsonValueKind.Null).Select(v => v.Key)));
        await StatusMetadata.SetMetadataAsync(body, services.Stores, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary><c>GET /api/jobs/{job_id}/parameters</c>: the job's parameters (<c>{}</c> when it has none).</summary>
    [EndpointSummary("Get job parameters")]
    [EndpointDescription("The job's parameters (status, heartbeat output, metadata parameters) as one JSON object.")]
    [ProducesResponseType<Dictionary<string, object>>(StatusCodes.Status200OK)]
    public static async Task<ContentHttpResult> GetJobParameters(long job_id, AuthorizedUser user, [AsParameters] JobsServices services,
        CancellationToken cancellationToken)
    {
        var owner = services.Policy.ScopeReadOfOneJob(user);
        return TypedResults.Text(await StatusMetadata.GetJobParametersAsync(job_id, owner, services.Stores, cancellationToken), "application/json");
    }

    /// <summary><c>POST /api/jobs/remove</c>: deletes jobs from every WMS table (JobAdministrator only); returns the ids removed.</summary>
    [EndpointSummary("Remove jobs")]
    [EndpointDescription("Deletes jobs from every WMS table (JobAdministrator only) and returns the ids removed.")]
    public static async Task<Ok<IReadOnlyList<long>>> RemoveJobs([FromBody] JobStatusJobIds body, AuthorizedUser user,
        [AsParameters] JobsServices services, CancellationToken cancellationToken)
    {
        var ids = services.Settings.Value.CheckIds(body.JobIds);
        await services.Policy.CheckAsync(user, WmsAction.Remove, ids, cancellationToken);
        return TypedResults.Ok(await StatusRemoval.RemoveJobsAsync(ids, services.Stores, cancellationToken));
    }
}
