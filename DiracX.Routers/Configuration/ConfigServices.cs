using DiracX.Core.Configuration;
using DiracX.Core.Modules;
using DiracX.Routers.Health;
using DiracX.Routers.Infrastructure.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DiracX.Routers.Configuration;

/// <summary>The configuration schema that modules extend (fields, security properties) before the host starts.</summary>
public sealed class ConfigSchemaRegistry
{
    /// <summary>The schema shared by every module of the host.</summary>
    public ConfigSchema Schema { get; } = new();
}

/// <summary>
/// The DiracX configuration (the "CS") for the systems that need it: read from the git repository of
/// <c>DiracX:Config:BackendUrl</c> (DiracX's <c>DIRACX_CONFIG_BACKEND_URL</c>) and kept fresh in the background.
/// </summary>
public static class ConfigServices
{
    /// <summary>The setting naming the configuration repository.</summary>
    public const string BackendUrlKey = "DiracX:Config:BackendUrl";

    /// <summary>The schema registry of the host, for extensions adding fields or properties.</summary>
    public static ConfigSchema ConfigSchema(this DiracXModuleContext context) => context.Registry<ConfigSchemaRegistry>().Schema;

    /// <summary>
    /// Registers the configuration services once per host (idempotent) and records that the registering system needs
    /// the backend URL setting.
    /// </summary>
    public static void UseDiracXConfig(this DiracXModuleContext context)
    {
        context.Registry<SystemRequirements>().RequireSetting(context.Module.Name, BackendUrlKey, "DIRACX_CONFIG_BACKEND_URL");
        var services = context.Services;
        if (services.Any(d => d.ServiceType == typeof(ConfigProvider)))
        {
            return;
        }
        var schema = context.ConfigSchema();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(schema);
        services.AddSingleton<IConfigSource>(sp => new LazyConfigSource(() =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            var url = configuration[BackendUrlKey] ?? throw new InvalidOperationException($"{BackendUrlKey} (DIRACX_CONFIG_BACKEND_URL) is not set");
            return GitConfigSource.Create(url, schema, configuration["DiracX:Config:CacheDirectory"]);
        }));
        services.AddSingleton(sp => new ConfigProvider(sp.GetRequiredService<IConfigSource>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ConfigProvider>>()));
        services.AddHostedService<ConfigUrlValidator>();
        services.AddHostedService<ConfigRefresher>();
        services.AddSingleton<IReadinessCheck, ConfigReadinessCheck>();
        services.AddSingleton<ConfigResponseCache>();
    }

    /// <summary>
    /// Creates the git source on first read: building the host (for example to generate the OpenAPI document at build
    /// time) must not need a configuration repository.
    /// </summary>
    private sealed class LazyConfigSource(Func<IConfigSource> create) : IConfigSource
    {
        private readonly Lazy<IConfigSource> _source = new(create);

        public Task<ConfigSnapshot> ReadAsync(CancellationToken cancellationToken) => _source.Value.ReadAsync(cancellationToken);
    }

    /// <summary>Keeps the configuration fresh for the life of the host.</summary>
    private sealed class ConfigRefresher(ConfigProvider provider) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => provider.RunAsync(stoppingToken);
    }

    /// <summary>Ready once a configuration was loaded within the hard TTL.</summary>
    private sealed class ConfigReadinessCheck(ConfigProvider provider) : IReadinessCheck
    {
        public Task<string?> CheckAsync(CancellationToken cancellationToken) =>
            Task.FromResult(provider.TryGetCurrent(out _) ? null : "Configuration not loaded");
    }
}
