using DiracX.Core.Modules;
using DiracX.Core.Settings;
using DiracX.Db.Infrastructure;

namespace DiracX.MigrationService;

/// <summary>
/// Applies every migration of the given modules' contexts to the configured databases, then returns. Concurrent runs
/// are safe: <see cref="DbMigrator"/> holds a PostgreSQL advisory lock per server while it migrates.
/// </summary>
public static class MigrationRunner
{
    /// <summary>
    /// Migrates and returns the process exit code: 0 when every database is up to date, 2 when a database has no
    /// connection string (<c>ConnectionStrings:&lt;db&gt;</c>, <c>ConnectionStrings:diracx</c> or <c>DIRACX_DB_URL_&lt;DB&gt;</c>).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, IReadOnlyList<IDiracXModule> modules, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddDiracXEnvironmentAliases();
        builder.AddServiceDefaults();
        var registries = new DiracXRegistries();
        registries.RegisterAll(modules, builder.Services, builder.Configuration);
        var databases = registries.Get<DatabaseRegistry>();
        builder.Services.AddDiracXDatabases(databases, builder.Configuration);
        builder.Services.AddSingleton<DbMigrator>();

        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrationRunner));
        var missing = DatabaseServiceCollectionExtensions.MissingConnectionStrings(databases, builder.Configuration);
        if (missing.Count > 0)
        {
            logger.LogCritical("No connection string for {Databases}: set ConnectionStrings:<db>, ConnectionStrings:diracx or DIRACX_DB_URL_<DB>",
                string.Join(", ", missing));
            return 2;
        }
        // Started so that telemetry exporters run, and stopped so that they flush before the process exits.
        await host.StartAsync(cancellationToken);
        await host.Services.GetRequiredService<DbMigrator>().MigrateAllAsync(cancellationToken);
        logger.LogInformation("Migrated {Count} context(s) of {Modules} module(s)", databases.Contexts.Count, modules.Count);
        await host.StopAsync(cancellationToken);
        return 0;
    }
}
