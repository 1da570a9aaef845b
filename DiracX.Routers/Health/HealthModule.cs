using DiracX.Core.Modules;
using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.Health;

/// <summary>The <c>health</c> system: Kubernetes probes at <c>/api/health/{live,ready,startup}</c>, open and undocumented.</summary>
public sealed class HealthModule : IDiracXModule
{
    /// <inheritdoc />
    public string Name => "health";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        static RouteDefinition Hidden(RouteDefinition r) => r with { ExcludeFromDescription = true };
        context.Map("GET", "/api/health/live", ProbeEndpoints.Live, RouteAccess.Open,
            "Liveness probe", "Answers while the process runs.", Hidden);
        context.Map("GET", "/api/health/ready", ProbeEndpoints.Ready, RouteAccess.Open,
            "Readiness probe", "Answers 200 when the configuration is loaded and every database is reachable and migrated.", Hidden);
        context.Map("GET", "/api/health/startup", ProbeEndpoints.Startup, RouteAccess.Open,
            "Startup probe", "The readiness checks, for Kubernetes' startup probe.", Hidden);
    }
}
