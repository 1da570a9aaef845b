using DiracX.Core.Modules;
using DiracX.Routers.Auth;
using DiracX.Routers.Configuration;
using DiracX.Routers.Health;
using DiracX.Routers.Jobs;
using DiracX.Routers.Pilots;
using DiracX.Routers.ResourceStatus;
using DiracX.Routers.Sandboxes;
using DiracX.Routers.Tasks;
using DiracX.Routers.WellKnown;

namespace DiracX.Routers.Infrastructure.Hosting;

/// <summary>DiracX's own systems, in registration order. An extension's host appends its modules after these.</summary>
public static class DiracXModules
{
    /// <summary>Every built-in module.</summary>
    public static IReadOnlyList<IDiracXModule> BuiltIn { get; } = [new HealthModule(), new WellKnownModule(), new ConfigModule(), new JobsModule(), new SandboxesModule(),
        new AuthModule(), new PilotsModule(), new RssModule(), new TasksModule()];
}
