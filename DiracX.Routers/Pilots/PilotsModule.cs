using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Db.Jobs;
using DiracX.Db.Pilots;
using DiracX.Logic.Pilots;
using DiracX.Routers.Configuration;
using DiracX.Routers.Hardening;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.Pilots;

/// <summary>The <c>pilots</c> system: registration, metadata, the jobs pilots ran, search and summary.</summary>
public sealed class PilotsModule : IDiracXModule
{
    private static readonly string[] s_databases = [DbNames.PilotAgentsDb, DbNames.JobDb];

    /// <inheritdoc />
    public string Name => "pilots";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        new PilotAgentsDbModule().Register(context);
        new JobDbModule().Register(context);
        context.UseDiracXConfig();
        context.Registry<AccessPolicyRegistry>().Add<PilotManagementAccessPolicy>(PilotManagementAccessPolicy.PolicyName);
        context.Services.AddOptions<PilotsSettings>().BindConfiguration(PilotsSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        context.Services.AddScoped<PilotStores>();
        var policy = RouteAccess.WithPolicy(PilotManagementAccessPolicy.PolicyName);
        RouteDefinition Uses(RouteDefinition r, RequestBodyLimit limit, string name, bool readOnly = false) => r with
        {
            Databases = s_databases,
            ReadOnly = readOnly,
            FunctionName = name,
            Configure = b => { r.Configure?.Invoke(b); b.WithMetadata(limit); },
        };
        context.Map("POST", "/api/pilots/", PilotsEndpoints.AddPilotStamps, policy, r => Uses(r, PilotsSettings.Registration, "add_pilot_stamps"));
        context.Map("PATCH", "/api/pilots/metadata", PilotsEndpoints.UpdatePilotFields, policy, r => Uses(r, PilotsSettings.Metadata, "update_pilot_fields"));
        context.Map("POST", "/api/pilots/jobs", PilotsEndpoints.AddPilotJobs, policy, r => Uses(r, PilotsSettings.Jobs, "add_pilot_jobs"));
        context.Map("POST", "/api/pilots/search", PilotsEndpoints.Search, policy, r => Uses(r, PilotsSettings.Search, "search", readOnly: true));
        context.Map("POST", "/api/pilots/summary", PilotsEndpoints.Summary, policy, r => Uses(r, PilotsSettings.Search, "summary", readOnly: true));
    }
}
