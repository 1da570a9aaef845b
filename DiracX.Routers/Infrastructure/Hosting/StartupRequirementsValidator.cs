using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.Infrastructure.Hosting;

/// <summary>Fails the start-up when an enabled system lacks a database or setting, naming what is missing.</summary>
internal sealed class StartupRequirementsValidator(SystemRequirements requirements, IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var missing = requirements.All.Where(r => !r.IsMet(configuration))
            .Select(r => $"Cannot enable system={r.System} as it requires {r.What}").Distinct().ToList();
        return missing.Count == 0 ? Task.CompletedTask : throw new InvalidOperationException(string.Join(Environment.NewLine, missing));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
