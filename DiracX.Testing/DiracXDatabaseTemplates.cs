using System.Collections.Concurrent;
using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DiracX.Testing;

/// <summary>
/// Database templates holding every migration of a set of modules (DiracX's, plus an extension's): the migrated
/// schema is built once per test process and copied for each test class.
/// </summary>
public static class DiracXDatabaseTemplates
{
    private static readonly ConcurrentDictionary<string, TestDatabaseTemplate> s_templates = new();

    /// <summary>The template of the given modules (identified by their type names).</summary>
    public static TestDatabaseTemplate For(IReadOnlyList<IDiracXModule> modules)
    {
        var key = string.Join("-", modules.Select(m => m.GetType().Name));
        return s_templates.GetOrAdd(key, k => new TestDatabaseTemplate($"t{Math.Abs(k.GetHashCode(StringComparison.Ordinal)) % 100000}-{modules.Count}",
            (cs, ct) => MigrateAsync(modules, cs, ct)));
    }

    /// <summary>Applies every migration of the modules to the database at <paramref name="connectionString"/>.</summary>
    public static async Task MigrateAsync(IReadOnlyList<IDiracXModule> modules, string connectionString, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new($"ConnectionStrings:{DbNames.Default}", connectionString)]).Build();
        var services = new ServiceCollection();
        var registries = new DiracXRegistries();
        registries.RegisterAll(modules, services, configuration);
        var databases = registries.Get<DatabaseRegistry>();
        services.AddDiracXDatabases(databases, configuration);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<DbMigrator>();
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DbMigrator>().MigrateAllAsync(cancellationToken);
    }
}
