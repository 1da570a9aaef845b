using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Db.Jobs;
using DiracX.Routers.Access;
using DiracX.Routers.Configuration;
using DiracX.Routers.Routing;

namespace DiracX.Routers.Jobs;

/// <summary>The <c>jobs</c> system: submission, search, summary (and, with Jobs 3, status and heartbeats).</summary>
public sealed partial class JobsModule : IDiracXModule
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
        JobsBodyBounds.Register(context.Services);
        var wms = RouteAccess.WithPolicy(WmsAccessPolicy.PolicyName);
        RouteDefinition UsesJobDbs(RouteDefinition r) => r with { Databases = s_jobDatabases };

        context.Map("POST", "/api/jobs/jdl", JobsEndpoints.SubmitJdlJobs, wms, "Submit JDL jobs",
            "Submits one or more JDLs, or one parametric JDL, and returns the new jobs (201). At most "
            + "DiracX:Jobs:MaxJobsPerSubmission jobs (DiracX: 20) per request.",
            r => UsesJobDbs(r) with { FunctionName = "submit_jdl_jobs", Configure = b => b.Produces<IReadOnlyList<Core.Models.InsertedJob>>(StatusCodes.Status201Created).WithMetadata(JobsBodyBounds.Submission) });
        context.Map("POST", "/api/jobs/search", JobsEndpoints.Search, wms, "Search jobs",
            "Searches jobs with filters, sort, distinct and pagination (206 with Content-Range when partial, 416 past the end). "
            + "Users see the jobs of their VO (only their own when GlobalJobsInfo is false); JobAdministrators see all.",
            r => UsesJobDbs(r) with { FunctionName = "search", Configure = b => b.WithMetadata(JobsBodyBounds.Search) });
        context.Map("POST", "/api/jobs/summary", JobsEndpoints.Summary, wms, "Summarise jobs",
            "Counts jobs grouped by the given columns, with the same filters and scoping as search.",
            r => UsesJobDbs(r) with { FunctionName = "summary", Configure = b => b.WithMetadata(JobsBodyBounds.Search) });
        RegisterStatusRoutes(context, wms);
    }

    // Jobs 3 (status, heartbeat, reschedule, metadata, removal) adds its routes in JobsModule.Status.cs.
    static partial void RegisterStatusRoutes(DiracXModuleContext context, RouteAccess wms);
}
