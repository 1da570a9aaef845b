using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Db.Jobs;
using DiracX.Logic.Jobs;
using DiracX.Routers.Configuration;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.Jobs;

/// <summary>The <c>jobs</c> system: submission, search, summary, status, heartbeats, rescheduling, metadata and removal.</summary>
public sealed class JobsModule : IDiracXModule
{
    private static readonly string[] s_jobDatabases = [DbNames.JobDb, DbNames.JobLoggingDb, DbNames.TaskQueueDb];

    /// <inheritdoc />
    public string Name => "jobs";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        new JobDbModule().Register(context);
        context.UseDiracXConfig();
        context.Registry<AccessPolicyRegistry>().Add<WmsAccessPolicy>(WmsAccessPolicy.PolicyName);
        context.Services.AddOptions<JobsSettings>().BindConfiguration(JobsSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        var wms = RouteAccess.WithPolicy(WmsAccessPolicy.PolicyName);
        context.Services.AddScoped<StatusStores>();
        RouteDefinition UsesJobDbs(RouteDefinition r) => r with { Databases = s_jobDatabases };

        // Summaries, descriptions and responses are on the handlers (JobsEndpoints); operation ids are their names.
        context.Map("POST", "/api/jobs/jdl", JobsEndpoints.SubmitJdlJobs, wms, UsesJobDbs);
        context.Map("POST", "/api/jobs/search", JobsEndpoints.Search, wms, UsesJobDbs);
        context.Map("POST", "/api/jobs/summary", JobsEndpoints.Summary, wms, UsesJobDbs);
        context.Map("PATCH", "/api/jobs/status", JobsEndpoints.SetJobStatuses, wms, UsesJobDbs);
        context.Map("PATCH", "/api/jobs/heartbeat", JobsEndpoints.AddHeartbeat, wms, UsesJobDbs);
        context.Map("POST", "/api/jobs/reschedule", JobsEndpoints.RescheduleJobs, wms, UsesJobDbs);
        context.Map("PATCH", "/api/jobs/metadata", JobsEndpoints.PatchMetadata, wms, UsesJobDbs);
        context.Map("GET", "/api/jobs/{job_id}/parameters", JobsEndpoints.GetJobParameters, wms, UsesJobDbs);
        context.Map("POST", "/api/jobs/remove", JobsEndpoints.RemoveJobs, wms, UsesJobDbs);
    }
}
