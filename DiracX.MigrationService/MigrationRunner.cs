using DiracX.Core.Modules;
using DiracX.Core.Settings;
using DiracX.Db.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DiracX.MigrationService;

/// <summary>
/// Applies every migration of the given modules' contexts to the configured databases, then returns. Concurrent runs
/// are safe: <see cref="DbMigrator"/> holds a PostgreSQL advisory lock per server while it migrates.
/// </summary>
public static class MigrationRunner
{
    /// <summary>
    /// Creates any missing database, migrates, and returns 0 when every database is up to date. A database without a
    /// connection string (<c>ConnectionStrings:&lt;db&gt;</c>, <c>ConnectionStrings:diracx</c> or
    /// <c>DIRACX_DB_URL_&lt;DB&gt;</c>) or a role that may not create the missing database is an
    /// <see cref="InvalidOperationException"/> naming it (Program.cs makes it one line and exit code 1).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, IReadOnlyList<IDiracXModule> modules, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddDiracXEnvironmentAliases();
        builder.AddServiceDefaults();
        // EF Core logs every failed command at Error, including its own probes of a fresh database (no history table
        // yet); a real failure stops the run with its own message instead.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Critical);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Connection", LogLevel.Critical);
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
            throw new InvalidOperationException(
                $"no connection string for {string.Join(", ", missing)}: set ConnectionStrings__diracx (or ConnectionStrings__<db>, DIRACX_DB_URL_<DB>)");
        }
        // Started so that telemetry exporters run, and stopped so that they flush before the process exits.
        await host.StartAsync(cancellationToken);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var connectionStrings = databases.Contexts
                .Select(c => (scope.ServiceProvider.GetService(c.ContextType) as DbContext)?.Database.GetConnectionString())
                .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            foreach (var connectionString in connectionStrings)
            {
                await DatabaseCreator.EnsureExistsAsync(connectionString, logger, cancellationToken);
            }
        }
        await host.Services.GetRequiredService<DbMigrator>().MigrateAllAsync(cancellationToken);
        logger.LogInformation("Migrated {Count} context(s) of {Modules} module(s)", databases.Contexts.Count, modules.Count);
        await host.StopAsync(cancellationToken);
        return 0;
    }
}
