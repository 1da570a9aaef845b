using DiracX.Core.Modules;
using DiracX.Core.Settings;
using DiracX.Db.Infrastructure;
using DiracX.Db.Jobs;
using DiracX.Db.Sandboxes;
using DiracX.Logic.Sandboxes;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Routing;
using DiracX.Routers.Jobs;
using Microsoft.Extensions.Options;

namespace DiracX.Routers.Sandboxes;

/// <summary>
/// The sandbox routes of <c>/api/jobs</c> (DiracX's <c>routers/jobs/sandboxes.py</c>, tagged <c>jobs</c> as there) and the
/// S3 sandbox store. A system of its own (<c>DIRACX_SERVICE_SANDBOXES_ENABLED</c>) because it needs the store's
/// settings: the jobs system without it still assigns <c>SB:</c> input sandboxes at submission (SandboxMetadataDB is
/// one of the jobs databases).
/// </summary>
public sealed class SandboxesModule : IDiracXModule
{
    private static readonly string[] s_sandboxDb = [DbNames.SandboxMetadataDb];
    private static readonly string[] s_jobAndSandboxDbs = [DbNames.JobDb, DbNames.SandboxMetadataDb];

    /// <inheritdoc />
    public string Name => "sandboxes";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        new JobDbModule().Register(context);
        context.Registry<SystemRequirements>()
            .RequireSetting(Name, "DiracX:SandboxStore:BucketName", "DIRACX_SANDBOX_STORE_BUCKET_NAME")
            .RequireSetting(Name, "DiracX:SandboxStore:S3ClientKwargs", "DIRACX_SANDBOX_STORE_S3_CLIENT_KWARGS");
        context.Registry<AccessPolicyRegistry>()
            .Add<SandboxAccessPolicy>(SandboxAccessPolicy.PolicyName)
            .Add<WmsAccessPolicy>(WmsAccessPolicy.PolicyName);
        context.Services.AddOptions<SandboxStoreSettings>().BindConfiguration(SandboxStoreSettings.Section).ValidateOnStart();
        context.Services.AddSingleton<IValidateOptions<SandboxStoreSettings>, SandboxStoreSettingsValidation>();
        context.Services.AddSingleton<ISandboxStore>(sp => new S3SandboxStore(sp.GetRequiredService<IOptions<SandboxStoreSettings>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<S3SandboxStore>>()));
        context.Services.AddHostedService<SandboxStoreStartup>();
        context.Services.AddScoped(sp => new SandboxServices(sp.GetRequiredService<SandboxMetadataDb>(), sp.GetRequiredService<ISandboxStore>(),
            sp.GetRequiredService<IOptions<SandboxStoreSettings>>().Value, sp.GetRequiredService<TimeProvider>()));

        var sandbox = RouteAccess.WithPolicy(SandboxAccessPolicy.PolicyName);
        var wms = RouteAccess.WithPolicy(WmsAccessPolicy.PolicyName);
        RouteDefinition Store(RouteDefinition r) => r with { Tag = "jobs", Databases = s_sandboxDb };
        RouteDefinition OfJob(RouteDefinition r) => r with { Tag = "jobs", Databases = s_jobAndSandboxDbs };
        RouteDefinition ReadsOfJob(RouteDefinition r) => OfJob(r) with { ReadOnly = true };
        context.Map("POST", "/api/jobs/sandbox", SandboxEndpoints.InitiateSandboxUpload, sandbox, Store);
        context.Map("GET", "/api/jobs/sandbox", SandboxEndpoints.GetSandboxFile, sandbox, Store);
        context.Map("GET", "/api/jobs/{job_id}/sandbox", SandboxEndpoints.GetJobSandboxes, wms, ReadsOfJob);
        context.Map("GET", "/api/jobs/{job_id}/sandbox/{sandbox_type}", SandboxEndpoints.GetJobSandbox, wms, ReadsOfJob);
        context.Map("PATCH", "/api/jobs/{job_id}/sandbox/output", SandboxEndpoints.AssignSandboxToJob, wms, OfJob);
        context.Map("DELETE", "/api/jobs/{job_id}/sandbox", SandboxEndpoints.UnassignJobSandboxes, wms, OfJob);
        context.Map("POST", "/api/jobs/sandbox/unassign", SandboxEndpoints.UnassignBulkJobsSandboxes, wms, OfJob);
    }
}

/// <summary>Names every problem of the sandbox store settings (one line each, with its environment variable).</summary>
internal sealed class SandboxStoreSettingsValidation : IValidateOptions<SandboxStoreSettings>
{
    public ValidateOptionsResult Validate(string? name, SandboxStoreSettings options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
