using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Db.Jobs;
using DiracX.Db.Pilots;
using DiracX.Logic.Jobs;
using DiracX.Routers.Configuration;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.Jobs;

/// <summary>The <c>jobs</c> system: submission, search, summary, status, heartbeats, rescheduling, metadata and removal.</summary>
public sealed class JobsModule : IDiracXModule
{
    private static readonly string[] s_jobDatabases = [DbNames.JobDb, DbNames.JobLoggingDb, DbNames.TaskQueueDb, DbNames.SandboxMetadataDb];
    // Search and summary also read PilotAgentsDB, for the PilotStamp filter (one statement, only when it is used).
    private static readonly string[] s_searchDatabases = [.. s_jobDatabases, DbNames.PilotAgentsDb];

    /// <inheritdoc />
    public string Name => "jobs";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        new JobDbModule().Register(context);
        new PilotAgentsDbModule().Register(context);
        context.UseDiracXConfig();
        context.Registry<AccessPolicyRegistry>().Add<WmsAccessPolicy>(WmsAccessPolicy.PolicyName);
        // Submission assigns SB: input sandboxes in its own transaction: both schemas must share one connection.
        context.Registry<SystemRequirements>().Add(Name,
            $"the databases {DbNames.JobDb} and {DbNames.SandboxMetadataDb} on the same connection string (DIRACX_DB_URL_JOBDB = DIRACX_DB_URL_SANDBOXMETADATADB)",
            c => DbConnectionStrings.Find(c, DbNames.JobDb) is not { } jobs || DbConnectionStrings.Find(c, DbNames.SandboxMetadataDb) is not { } sandboxes
                || string.Equals(jobs, sandboxes, StringComparison.Ordinal));
        context.Services.AddOptions<JobsSettings>().BindConfiguration(JobsSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        JobsBodyBounds.Register(context.Services);
        var wms = RouteAccess.WithPolicy(WmsAccessPolicy.PolicyName);
        context.Services.AddScoped<StatusStores>();
        RouteDefinition UsesJobDbs(RouteDefinition r) => r with { Databases = s_jobDatabases };
        // Reads without a transaction: each is one statement or one batch (one snapshot), so autocommit is enough.
        RouteDefinition ReadsJobDbs(RouteDefinition r) => r with { Databases = s_jobDatabases, ReadOnly = true };
        RouteDefinition Searches(RouteDefinition r) => r with { Databases = s_searchDatabases, ReadOnly = true };

        // Each route's body limit (Hardening: sized from the jobs settings, see JobsBodyBounds).
        RouteDefinition Bounded(RouteDefinition r, Hardening.RequestBodyLimit limit) =>
            UsesJobDbs(r) with { Configure = b => { r.Configure?.Invoke(b); b.WithMetadata(limit); } };
        // Summaries, descriptions and responses are on the handlers (JobsEndpoints); operation ids are their names.
        context.Map("POST", "/api/jobs/jdl", JobsEndpoints.SubmitJdlJobs, wms, r => Bounded(r, JobsBodyBounds.Submission));
        context.Map("POST", "/api/jobs/search", JobsEndpoints.Search, wms, r => Searches(Bounded(r, JobsBodyBounds.Search)));
        context.Map("POST", "/api/jobs/summary", JobsEndpoints.Summary, wms, r => Searches(Bounded(r, JobsBodyBounds.Search)));
        context.Map("PATCH", "/api/jobs/status", JobsEndpoints.SetJobStatuses, wms, r => Bounded(r, JobsBodyBounds.PerJob));
        context.Map("PATCH", "/api/jobs/heartbeat", JobsEndpoints.AddHeartbeat, wms, r => Bounded(r, JobsBodyBounds.PerJob));
        context.Map("POST", "/api/jobs/reschedule", JobsEndpoints.RescheduleJobs, wms, r => Bounded(r, JobsBodyBounds.IdList));
        context.Map("PATCH", "/api/jobs/metadata", JobsEndpoints.PatchMetadata, wms, r => Bounded(r, JobsBodyBounds.PerJob));
        context.Map("GET", "/api/jobs/{job_id}/parameters", JobsEndpoints.GetJobParameters, wms, ReadsJobDbs);
        context.Map("POST", "/api/jobs/remove", JobsEndpoints.RemoveJobs, wms, r => Bounded(r, JobsBodyBounds.IdList));
    }
}
