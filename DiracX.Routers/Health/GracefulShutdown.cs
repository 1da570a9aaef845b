using DiracX.Routers.Infrastructure.Hosting;
using Microsoft.Extensions.Options;

namespace DiracX.Routers.Health;

/// <summary>
/// SIGTERM handling for Kubernetes: from the moment the host starts stopping (SIGTERM, <c>podman stop</c>), the
/// readiness and startup probes answer 503 so that Services and Ingresses stop sending new requests, while the
/// server keeps listening for <c>DiracX:Http:ShutdownDelay</c> (default 0; the services image sets 5 s) and
/// requests in flight finish. Kestrel then stops accepting and drains what is left within the host's shutdown timeout.
/// </summary>
public static class GracefulShutdown
{
    /// <summary>Registers the readiness check and the delay before the server stops.</summary>
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services)
    {
        services.AddSingleton<StoppingState>();
        services.AddSingleton<IReadinessCheck, ShuttingDownCheck>();
        services.AddHostedService<ShutdownDelay>();
        return services;
    }

    // Set when the host's stop begins. SIGTERM fires ApplicationStopping first (the console lifetime), but a host stopped
    // with StopAsync runs IHostedLifecycleService.StoppingAsync before ApplicationStopping: either one means stopping.
    private sealed class StoppingState
    {
        public volatile bool Stopping;
    }

    /// <summary>503 once the application is stopping; it comes first so that no database is asked meanwhile.</summary>
    private sealed class ShuttingDownCheck(IHostApplicationLifetime lifetime, StoppingState state) : IReadinessCheck
    {
        public Task<string?> CheckAsync(CancellationToken cancellationToken) =>
            Task.FromResult(state.Stopping || lifetime.ApplicationStopping.IsCancellationRequested ? "Shutting down" : null);
    }

    /// <summary>Waits <c>DiracX:Http:ShutdownDelay</c> before the hosted services (the server among them) stop.</summary>
    private sealed class ShutdownDelay(IOptions<DiracXHttpOptions> options, StoppingState state, ILogger<ShutdownDelay> logger) : IHostedLifecycleService
    {
        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StoppingAsync(CancellationToken cancellationToken)
        {
            state.Stopping = true;
            var delay = options.Value.ShutdownDelay;
            if (delay <= TimeSpan.Zero)
            {
                return;
            }
            logger.LogInformation("Stopping: the readiness probe answers 503; the server keeps serving for {Delay} before it stops", delay);
            try
            {
                await Task.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The host's shutdown timeout ended the wait: stop now.
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
