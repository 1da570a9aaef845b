using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DiracX.Db.Infrastructure;

/// <summary>Registers the DbContexts and database services of a <see cref="DatabaseRegistry"/>.</summary>
public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Registers every context of the registry (scoped, sharing the scope's <see cref="DbUnitOfWork"/> when one is
    /// open) and every database service. A context whose database has no connection string is still registered (so
    /// that handlers bind and the OpenAPI document builds) but fails when used; the host decides whether a missing
    /// database is a start-up error (<see cref="MissingConnectionStrings"/>).
    /// </summary>
    public static IServiceCollection AddDiracXDatabases(this IServiceCollection services, DatabaseRegistry registry, IConfiguration configuration)
    {
        services.TryAddScoped<DbUnitOfWork>();
        services.TryAddScoped<DbConnections>();
        services.TryAddSingleton(registry);
        services.RemoveAll<DbConnectionStringMap>();
        services.AddSingleton(new DbConnectionStringMap(registry.DbNames.ToDictionary(db => db, db => DbConnectionStrings.Find(configuration, db), StringComparer.Ordinal)));
        var add = typeof(DatabaseServiceCollectionExtensions).GetMethod(nameof(AddContext), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        foreach (var registration in registry.Contexts)
        {
            var cs = DbConnectionStrings.Find(configuration, registration.DbName);
            add.MakeGenericMethod(registration.ContextType).Invoke(null, [services, cs]);
        }
        foreach (var (service, implementation) in registry.Services)
        {
            services.RemoveAll(service);
            services.AddScoped(service, implementation);
        }
        return services;
    }

    /// <summary>The databases of the registry that have no connection string, e.g. <c>["jobdb"]</c>.</summary>
    public static IReadOnlyList<string> MissingConnectionStrings(DatabaseRegistry registry, IConfiguration configuration) =>
        [.. registry.DbNames.Where(db => DbConnectionStrings.Find(configuration, db) is null)];

    private static void AddContext<TContext>(IServiceCollection services, string? connectionString) where TContext : DiracXDbContext
    {
        services.RemoveAll<TContext>();
        services.RemoveAll<DbContextOptions<TContext>>();
        services.AddDbContext<TContext>((sp, options) =>
        {
            var unitOfWork = sp.GetService<DbUnitOfWork>();
            var registration = sp.GetRequiredService<DatabaseRegistry>().Contexts.First(c => c.ContextType == typeof(TContext));
            var schema = registration.DbName;
            if (connectionString is null)
            {
                throw new InvalidOperationException(
                    $"The database {schema} has no connection string (ConnectionStrings:{schema} or DIRACX_DB_URL_{schema.ToUpperInvariant()}).");
            }
            var connection = unitOfWork?.ConnectionFor(connectionString);
            if (unitOfWork is { IsActive: true } && connection is null)
            {
                // A request's unit of work opens the databases its route declares; anything else would escape the
                // request's transaction.
                throw new InvalidOperationException($"{typeof(TContext).Name} ({schema}) is used by a route that does not declare that database.");
            }
            void Npgsql(Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder o) =>
                o.MigrationsHistoryTable("__EFMigrationsHistory", registration.SchemaName).MigrationsAssembly(typeof(TContext).Assembly.GetName().Name);
            if (connection is not null)
            {
                options.UseNpgsql(connection, Npgsql);
            }
            else
            {
                options.UseNpgsql(connectionString, Npgsql);
            }
        });
    }
}
