using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Routers.Health;
using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.Infrastructure.UnitOfWork;

/// <summary>The databases of the routes: each route's databases are a requirement of its system and open in its unit of work.</summary>
public static class RouteDatabases
{
    /// <summary>Registers the modules' databases, their connections per route, the migrator and the readiness check.</summary>
    public static void AddRouteDatabases(this WebApplicationBuilder builder, DiracXRegistries registries)
    {
        var databases = registries.Get<DatabaseRegistry>();
        var routes = registries.Get<RouteRegistry>();
        var requirements = registries.Get<SystemRequirements>();
        foreach (var route in routes.Routes)
        {
            foreach (var db in route.Databases)
            {
                requirements.Add(route.System, $"the database {db} (ConnectionStrings:{db} or DIRACX_DB_URL_{db.ToUpperInvariant()})",
                    c => DbConnectionStrings.Find(c, db) is not null);
            }
        }
        builder.Services.AddDiracXDatabases(databases, builder.Configuration);
        builder.Services.AddSingleton<DbMigrator>();
        builder.Services.AddSingleton(requirements);
        builder.Services.AddSingleton(DbConnectionMap.Create(routes.Routes.SelectMany(r => r.Databases).Concat(databases.DbNames), builder.Configuration));
        builder.Services.AddSingleton<IReadinessCheck, DatabaseReadinessCheck>();
    }
}
