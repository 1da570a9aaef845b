using DiracX.Core.Configuration;

namespace DiracX.Routers.Configuration;

/// <summary>
/// Fails the start-up when <c>DIRACX_CONFIG_BACKEND_URL</c> is set but is not a configuration source URL at all
/// (a repository that is missing for now is retried in the background instead, as DiracX does).
/// </summary>
internal sealed class ConfigUrlValidator(IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration[ConfigServices.BackendUrlKey] is { Length: > 0 } url)
        {
            try
            {
                _ = ConfigSourceUrl.Parse(url);
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException(
                    $"DIRACX_CONFIG_BACKEND_URL ({ConfigServices.BackendUrlKey}) '{url}' is not usable: {e.Message.Split(" (Parameter", 2)[0]}. " +
                    "Give git+file:///<path of a git repository> or git+https://<host>/<repository>.", e);
            }
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
