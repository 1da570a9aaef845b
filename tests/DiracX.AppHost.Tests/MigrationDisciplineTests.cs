using DiracX.Core.Modules;
using DiracX.Db;
using DiracX.Db.Infrastructure;
using DiracX.Routers.Tests.Extension;
using DiracX.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DiracX.AppHost.Tests;

public sealed class MigrationDisciplineTests
{
    private static readonly IReadOnlyList<IDiracXModule> s_testExtension = [new LollygagModule()];

    public static TheoryData<string> Contexts()
    {
        var data = new TheoryData<string>();
        foreach (var registration in Registrations(DbModules.BuiltIn.Concat(s_testExtension)))
        {
            data.Add(registration.ContextType.FullName!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Contexts))]
    public async Task Every_context_of_the_built_in_modules_and_the_test_extension_has_a_migration_for_its_model(string contextType)
    {
        var modules = DbModules.BuiltIn.Concat(s_testExtension).ToList();
        await using var provider = Provider(modules, "Host=localhost;Database=unused");
        await using var scope = provider.CreateAsyncScope();
        var type = Registrations(modules).Single(r => r.ContextType.FullName == contextType).ContextType;
        var context = (DbContext)scope.ServiceProvider.GetRequiredService(type);
        Assert.True(context.Database.GetMigrations().Any(), $"{contextType} has no migration");
        Assert.False(context.Database.HasPendingModelChanges(),
            $"{contextType} has model changes without a migration: run dotnet ef migrations add <Name> --context {type.Name}");
    }

    [Fact]
    public async Task Two_migration_runs_at_once_on_one_database_apply_each_migration_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await new TestDatabaseTemplate("empty-migrations", (_, _) => Task.CompletedTask).CreateDatabaseAsync(ct);
        await using var first = Provider(s_testExtension, database.ConnectionString);
        await using var second = Provider(s_testExtension, database.ConnectionString);

        await Task.WhenAll(
            first.GetRequiredService<DbMigrator>().MigrateAllAsync(ct),
            second.GetRequiredService<DbMigrator>().MigrateAllAsync(ct));

        Assert.Empty(await first.GetRequiredService<DbMigrator>().PendingAsync(ct));
        await using var connection = await database.OpenConnectionAsync(ct);
        foreach (var schema in new[] { LollygagDbContext.Name, GarageDbContext.Name })
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{schema}\".\"__EFMigrationsHistory\"", connection);
            Assert.Equal(1L, await count.ExecuteScalarAsync(ct));
        }
        await using var tables = new NpgsqlCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema IN ('lollygagdb', 'garagedb') AND table_name IN ('Owners', 'Cars')", connection);
        Assert.Equal(2L, await tables.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task A_migration_run_waits_while_another_holds_the_DiracX_migration_lock()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await new TestDatabaseTemplate("empty-migrations", (_, _) => Task.CompletedTask).CreateDatabaseAsync(ct);
        await using var holder = await database.OpenConnectionAsync(ct);
        // DbMigrator's advisory lock key: "DIRACX" in ASCII, shared by every migrator of a server.
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(75081703310168)", holder))
        {
            await take.ExecuteNonQueryAsync(ct);
        }
        await using var provider = Provider(s_testExtension, database.ConnectionString);
        var run = provider.GetRequiredService<DbMigrator>().MigrateAllAsync(ct);

        await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(2), ct));
        Assert.False(run.IsCompleted, "the migration ran while another migrator held the lock");
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(75081703310168)", holder))
        {
            await release.ExecuteNonQueryAsync(ct);
        }
        await run.WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.Empty(await provider.GetRequiredService<DbMigrator>().PendingAsync(ct));
    }

    [Fact]
    public void No_source_file_creates_a_schema_without_migrations()
    {
        var forbidden = "Ensure" + "Created"; // spelled in two parts so that this file does not match itself
        var offenders = Directory.EnumerateFiles(RepositoryRoot.Path, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains(forbidden, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f)).ToList();
        Assert.True(offenders.Count == 0, $"{forbidden} bypasses migrations in: {string.Join(", ", offenders)}");
    }

    private static IReadOnlyList<DatabaseRegistration> Registrations(IEnumerable<IDiracXModule> modules)
    {
        var registries = new DiracXRegistries();
        registries.RegisterAll(modules, new ServiceCollection(), new ConfigurationBuilder().Build());
        return registries.Get<DatabaseRegistry>().Contexts;
    }

    // What the migration service builds: the modules' contexts on one connection string, and the migrator.
    private static ServiceProvider Provider(IEnumerable<IDiracXModule> modules, string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new($"ConnectionStrings:{DbNames.Default}", connectionString)]).Build();
        var services = new ServiceCollection();
        var registries = new DiracXRegistries();
        registries.RegisterAll(modules, services, configuration);
        services.AddDiracXDatabases(registries.Get<DatabaseRegistry>(), configuration);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<DbMigrator>();
        return services.BuildServiceProvider();
    }
}
