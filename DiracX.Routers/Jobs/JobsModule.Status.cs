using DiracX.Core.Models;
using DiracX.Core.Modules;
using DiracX.Logic.Jobs;
using DiracX.Routers.Routing;

namespace DiracX.Routers.Jobs;

public sealed partial class JobsModule
{
    static partial void RegisterStatusRoutes(DiracXModuleContext context, RouteAccess wms)
    {
        RouteDefinition Jobs(RouteDefinition r) => r with { Databases = s_jobDatabases };
        context.Map("PATCH", "/api/jobs/status", JobsEndpoints.SetJobStatuses, wms, "Set job statuses",
            "Applies timestamped status reports to many jobs, in time order, through the job state machine (a refused "
            + "transition keeps the status and marks the source \"(SM)\"; ?force=true skips the machine). Killed and Deleted "
            + "jobs leave the task queue and get a Kill command. 404 when no job was found; 400 for naive timestamps.",
            r => Jobs(r) with { FunctionName = "set_job_statuses", Configure = b => b.Produces<SetJobStatusResult>().WithMetadata(JobsBodyBounds.PerJob) });
        context.Map("PATCH", "/api/jobs/heartbeat", JobsEndpoints.AddHeartbeat, wms, "Add heartbeats",
            "Records heartbeats (Matched and Stalled jobs become Running) and returns the jobs' pending commands once. "
            + "404 listing the jobs that do not exist.",
            r => Jobs(r) with { FunctionName = "add_heartbeat", Configure = b => b.Produces<IReadOnlyList<JobCommandReturn>>().WithMetadata(JobsBodyBounds.PerJob) });
        context.Map("POST", "/api/jobs/reschedule", JobsEndpoints.RescheduleJobs, wms, "Reschedule jobs",
            "Sends jobs back to Received with a new JDL, up to Operations.<vo>.Services.JobScheduling.MaxRescheduling times "
            + "(?reset_jobs=true resets the counter). 400 with the same body when no job was rescheduled.",
            r => Jobs(r) with { FunctionName = "reschedule_jobs", Configure = b => b.Produces<RescheduleResult>().WithMetadata(JobsBodyBounds.IdList) });
        context.Map("PATCH", "/api/jobs/metadata", JobsEndpoints.PatchMetadata, wms, "Patch job metadata",
            "Sets job attributes (Jobs columns; Status directly) and job parameters (the others). 204.",
            r => Jobs(r) with { FunctionName = "patch_metadata", Configure = b => b.Produces(StatusCodes.Status204NoContent).WithMetadata(JobsBodyBounds.PerJob) });
        context.Map("GET", "/api/jobs/{job_id}/parameters", JobsEndpoints.GetJobParameters, wms, "Get job parameters",
            "The job's parameters (status, heartbeat output, metadata parameters) as one JSON object.",
            r => Jobs(r) with { FunctionName = "get_job_parameters", Configure = b => b.Produces<Dictionary<string, object>>() });
        context.Map("POST", "/api/jobs/remove", JobsEndpoints.RemoveJobs, wms, "Remove jobs",
            "Deletes jobs from every WMS table (JobAdministrator only) and returns the ids removed.",
            r => Jobs(r) with { FunctionName = "remove_jobs", Configure = b => b.Produces<IReadOnlyList<long>>().WithMetadata(JobsBodyBounds.IdList) });
    }
}
