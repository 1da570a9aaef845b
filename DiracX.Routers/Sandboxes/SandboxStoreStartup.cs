using DiracX.Db.Sandboxes;

namespace DiracX.Routers.Sandboxes;

/// <summary>Stops the start-up, with one line, when the sandbox store's bucket is missing (and may not be created) or unreachable.</summary>
internal sealed class SandboxStoreStartup(ISandboxStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureBucketAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
