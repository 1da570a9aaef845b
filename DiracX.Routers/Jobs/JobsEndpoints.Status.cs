using System.Text.Json;
using DiracX.Core.Errors;
using DiracX.Core.Models;
using DiracX.Db.TaskQueue;
using DiracX.Logic.Jobs;
using DiracX.Routers.Infrastructure.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace DiracX.Routers.Jobs;

/// <summary>The services of the status routes: the job services plus TaskQueueDB.</summary>
public sealed record JobsStatusServices(TaskQueueDb TaskQueues)
{
    /// <summary>The stores of the status logic.</summary>
    public StatusStores Stores(JobsServices services) => new(services.Jobs, services.Logging, TaskQueues, services.Time);
}

public static partial class JobsEndpoints
{
    /// <summary><c>PATCH /api/jobs/status?force=</c>: timestamped status reports for many jobs; 404 when no job was found.</summary>
    public static async Task<IResult> SetJobStatuses([FromBody] Dictionary<long, Dictionary<string, JobStatusUpdate>> body, AuthorizedUser user,
        [AsParameters] JobsServices services, [AsParameters] JobsStatusServices status, CancellationToken cancellationToken, bool force = false)
    {
        var ids = CheckIds(body.Keys, services);
        var parsed = StatusUpdates.ParseTimestamps(body);
        await services.Policy.CheckAsync(user, WmsAction.Manage, ids, cancellationToken);
        var result = await StatusUpdates.SetJobStatusesAsync(StatusUpdates.RequireTimeZones(parsed), force, status.Stores(services), cancellationToken);
        if (result.Success.Count == 0)
        {
            throw new DiracDetailException(result, DiracErrorKind.NotFound, "No job was found");
        }
        return TypedResults.Ok(result);
    }

    /// <summary><c>PATCH /api/jobs/heartbeat</c>: records heartbeats and returns (once) the jobs' pending commands.</summary>
    public static async Task<IResult> AddHeartbeat([FromBody] Dictionary<long, HeartbeatData> body, AuthorizedUser user,
        [AsParameters] JobsServices services, [AsParameters] JobsStatusServices status, CancellationToken cancellationToken)
    {
        await services.Policy.CheckAsync(user, WmsAction.Pilot, CheckIds(body.Keys, services), cancellationToken);
        return TypedResults.Ok(await StatusHeartbeats.AddHeartbeatAsync(body, status.Stores(services), cancellationToken));
    }

    /// <summary><c>POST /api/jobs/reschedule?reset_jobs=</c>: 400 with the same body when no job was rescheduled.</summary>
    public static async Task<IResult> RescheduleJobs([FromBody] JobStatusJobIds body, AuthorizedUser user, [AsParameters] JobsServices services,
        [AsParameters] JobsStatusServices status, CancellationToken cancellationToken, bool reset_jobs = false)
    {
        var ids = CheckIds(body.JobIds, services);
        await services.Policy.CheckAsync(user, WmsAction.Manage, ids, cancellationToken);
        var result = await StatusReschedule.RescheduleJobsAsync(ids, reset_jobs, services.Config.Current.Config, status.Stores(services), cancellationToken);
        if (result.Success.Count == 0)
        {
            throw new DiracDetailException(result, DiracErrorKind.BadRequest, "No job was rescheduled");
        }
        return TypedResults.Ok(result);
    }

    /// <summary><c>PATCH /api/jobs/metadata</c>: sets attributes and parameters of jobs (204).</summary>
    public static async Task<IResult> PatchMetadata([FromBody] Dictionary<long, Dictionary<string, JsonElement>> body, AuthorizedUser user,
        [AsParameters] JobsServices services, [AsParameters] JobsStatusServices status, CancellationToken cancellationToken)
    {
        await services.Policy.CheckAsync(user, WmsAction.Manage, CheckIds(body.Keys, services), cancellationToken);
        await StatusMetadata.SetMetadataAsync(body, status.Stores(services), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary><c>GET /api/jobs/{job_id}/parameters</c>: the job's parameters (<c>{}</c> when it has none).</summary>
    public static async Task<IResult> GetJobParameters(long job_id, AuthorizedUser user, [AsParameters] JobsServices services,
        CancellationToken cancellationToken)
    {
        await services.Policy.CheckAsync(user, WmsAction.Read, [job_id], cancellationToken);
        var json = await services.Jobs.GetJobParametersAsync(job_id, cancellationToken) ?? "{}";
        return TypedResults.Text(json, "application/json");
    }

    /// <summary><c>POST /api/jobs/remove</c>: deletes jobs from every WMS table (JobAdministrator only); returns the ids removed.</summary>
    public static async Task<IResult> RemoveJobs([FromBody] JobStatusJobIds body, AuthorizedUser user, [AsParameters] JobsServices services,
        [AsParameters] JobsStatusServices status, CancellationToken cancellationToken)
    {
        var ids = CheckIds(body.JobIds, services);
        await services.Policy.CheckAsync(user, WmsAction.Manage, ids, cancellationToken);
        if (!user.Has(Core.Security.SecurityProperty.JobAdministrator))
        {
            throw new ForbiddenException("Forbidden");
        }
        return TypedResults.Ok(await StatusRemoval.RemoveJobsAsync(ids, status.Stores(services), cancellationToken));
    }

    private static List<long> CheckIds(IEnumerable<long> ids, JobsServices services)
    {
        var list = ids.Distinct().ToList();
        var max = services.Settings.Value.MaxIdsPerRequest;
        return list.Count > max ? throw new PayloadTooLargeException($"At most {max} job ids per request") : list;
    }
}
