using DiracX.Core.Modules;
using DiracX.Logic.Tasks;
using DiracX.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DiracX.Tasks.Tests;

/// <summary>
/// A test class's database, migrated for its modules, and the services of a process that enqueues and runs their tasks
/// (<see cref="TaskTestServices.Build"/>) on a fake clock starting at <paramref name="start"/>.
/// </summary>
public abstract class TaskServicesTest(IReadOnlyList<IDiracXModule> modules, DateTimeOffset start) : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(start);

    protected TestDatabase Database { get; private set; } = null!;

    protected ServiceProvider Services { get; private set; } = null!;

    protected TaskExecutor Executor => Services.GetRequiredService<TaskExecutor>();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Database = await DiracXDatabaseTemplates.For(modules).CreateDatabaseAsync(Ct);
        Services = TaskTestServices.Build(modules, Database, Time);
    }

    /// <summary>The process stops (its services go, whatever they held in memory) and a new one starts on the same database.</summary>
    protected async Task RestartAsync()
    {
        await Services.DisposeAsync();
        Services = TaskTestServices.Build(modules, Database, Time);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
