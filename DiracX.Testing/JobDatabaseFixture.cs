using Xunit;
using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Db.JobLogging;
using DiracX.Db.Jobs;
using DiracX.Db.TaskQueue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DiracX.Testing;

/// <summary>A migrated database of the jobs system per test class, with the services a host would build.</summary>
public sealed class JobDatabaseFixture : IAsyncLifetime
{
    private ServiceProvider? _services;
    private string _connectionString = "";

    public TestDatabase Database { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = await DiracXDatabaseTemplates.For([new JobDbModule()]).CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new($"ConnectionStrings:{DbNames.Default}", Database.ConnectionString)]).Build();
        var registries = new DiracXRegistries();
        var services = new ServiceCollection();
        registries.RegisterAll([new JobDbModule()], services, configuration);
        services.AddDiracXDatabases(registries.Get<DatabaseRegistry>(), configuration);
        _services = services.BuildServiceProvider();
        _connectionString = DbConnectionStrings.Find(configuration, DbNames.JobDb)!;
    }

    /// <summary>A scope whose contexts share one open transaction, as during a request.</summary>
    public async Task<JobScope> BeginAsync(CancellationToken cancellationToken)
    {
        var scope = _services!.CreateAsyncScope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<DbUnitOfWork>();
        await unitOfWork.BeginAsync([_connectionString], cancellationToken);
        return new JobScope(scope, unitOfWork);
    }

    /// <summary>A scope without a unit of work: each service opens a connection of its own, as a periodic task does.</summary>
    public AsyncServiceScope CreateScope() => _services!.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        await Database.DisposeAsync();
    }
}

/// <summary>The services of one unit of work.</summary>
public sealed class JobScope(AsyncServiceScope scope, DbUnitOfWork unitOfWork) : IAsyncDisposable
{
    /// <summary>The job database service.</summary>
    public JobDb JobDb => scope.ServiceProvider.GetRequiredService<JobDb>();
    public JobLoggingDb JobLoggingDb => scope.ServiceProvider.GetRequiredService<JobLoggingDb>();
    public TaskQueueDb TaskQueueDb => scope.ServiceProvider.GetRequiredService<TaskQueueDb>();
    public Db.Sandboxes.SandboxMetadataDb SandboxMetadataDb => scope.ServiceProvider.GetRequiredService<Db.Sandboxes.SandboxMetadataDb>();
    public JobDbContext JobContext => scope.ServiceProvider.GetRequiredService<JobDbContext>();
    public JobLoggingDbContext LoggingContext => scope.ServiceProvider.GetRequiredService<JobLoggingDbContext>();
    public TaskQueueDbContext TaskQueueContext => scope.ServiceProvider.GetRequiredService<TaskQueueDbContext>();

    public Task CommitAsync(CancellationToken cancellationToken) => unitOfWork.CommitAsync(cancellationToken);
    public Task RollbackAsync(CancellationToken cancellationToken) => unitOfWork.RollbackAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await unitOfWork.DisposeAsync();
        await scope.DisposeAsync();
    }
}
