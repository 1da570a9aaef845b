using System.Text.Json;
using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Logic.Tasks;
using DiracX.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DiracX.Tasks.Tests;

/// <summary>The services of a process that enqueues and runs tasks, built from modules on a test database.</summary>
public static class TaskTestServices
{
    /// <summary>The modules' services, their databases on <paramref name="database"/>, and <paramref name="time"/> as the clock.</summary>
    public static ServiceProvider Build(IReadOnlyList<IDiracXModule> modules, TestDatabase database, TimeProvider time)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new($"ConnectionStrings:{DbNames.Default}", database.ConnectionString)]).Build();
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        var registries = new DiracXRegistries();
        registries.RegisterAll(modules, services, configuration);
        services.AddDiracXDatabases(registries.Get<DatabaseRegistry>(), configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Enqueues in a unit of work over TaskDB, as a request does, and commits or rolls back; returns the run's id.</summary>
    public static async Task<long> EnqueueInRequestAsync(IServiceProvider services, string task, JsonElement args, bool commit,
        CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<DbUnitOfWork>();
        await unitOfWork.BeginAsync([scope.ServiceProvider.GetRequiredService<DbConnectionStringMap>().For(DbNames.TaskDb)!], cancellationToken);
        var id = await scope.ServiceProvider.GetRequiredService<ITaskQueue>().EnqueueAsync(task, args, null, cancellationToken);
        if (commit)
        {
            await unitOfWork.CommitAsync(cancellationToken);
        }
        else
        {
            await unitOfWork.RollbackAsync(cancellationToken);
        }
        return id;
    }
}
