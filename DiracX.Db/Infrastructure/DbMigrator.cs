using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DiracX.Db.Infrastructure;

/// <summary>
/// Applies the migrations of every registered DbContext. A PostgreSQL advisory lock per server makes concurrent runs
/// (two migration jobs, or a migration job and a test) wait for each other instead of racing.
/// </summary>
public sealed class DbMigrator(IServiceProvider services, DatabaseRegistry registry, ILogger<DbMigrator> logger)
{
    // An arbitrary constant shared by every DiracX migrator ("DIRACX" in ASCII).
    private const long AdvisoryLockKey = 0x444952414358;

    /// <summary>Creates each context's schema and applies its pending migrations.</summary>
    public async Task MigrateAllAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        foreach (var group in registry.Contexts.GroupBy(c => ConnectionStringOf(scope.ServiceProvider, c.ContextType)))
        {
            if (group.Key is null)
            {
                continue;
            }
            await using var lockConnection = new NpgsqlConnection(DbConnectionStrings.OwnSession(group.Key));
            await lockConnection.OpenAsync(cancellationToken);
            await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLockKey})", lockConnection))
            {
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }
            try
            {
                foreach (var registration in group)
                {
                    var context = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
                    var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                    logger.LogInformation("Migrating {Context} ({DbName}): {Count} pending migration(s)",
                        registration.ContextType.Name, registration.DbName, pending.Count);
                    await context.Database.MigrateAsync(cancellationToken);
                }
            }
            finally
            {
                await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLockKey})", lockConnection);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>The contexts whose database has migrations that are not applied yet (empty when up to date).</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var pending = new List<string>();
        foreach (var registration in registry.Contexts)
        {
            if (scope.ServiceProvider.GetService(registration.ContextType) is not DbContext context)
            {
                continue;
            }
            if ((await context.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                pending.Add(registration.ContextType.Name);
            }
        }
        return pending;
    }

    private static string? ConnectionStringOf(IServiceProvider services, Type contextType) =>
        (services.GetService(contextType) as DbContext)?.Database.GetConnectionString();
}
