using Xunit;
using DiracX.Core.Modules;
using DiracX.Db.Auth;
using DiracX.Db.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DiracX.Testing;

/// <summary>A migrated AuthDB per test class, with the services a host would build.</summary>
public sealed class AuthDatabaseFixture : IAsyncLifetime
{
    private ServiceProvider? _services;
    private string _connectionString = "";

    public TestDatabase Database { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = await DiracXDatabaseTemplates.For([new AuthDbModule()]).CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new($"ConnectionStrings:{DbNames.Default}", Database.ConnectionString)]).Build();
        var registries = new DiracXRegistries();
        var services = new ServiceCollection();
        registries.RegisterAll([new AuthDbModule()], services, configuration);
        services.AddDiracXDatabases(registries.Get<DatabaseRegistry>(), configuration);
        _services = services.BuildServiceProvider();
        _connectionString = DbConnectionStrings.Find(configuration, DbNames.AuthDb)!;
    }

    /// <summary>An AuthDb in its own committed unit of work.</summary>
    public async Task<T> InTransactionAsync<T>(Func<AuthDb, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var scope = _services!.CreateAsyncScope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<DbUnitOfWork>();
        await unitOfWork.BeginAsync([_connectionString], cancellationToken);
        var result = await work(scope.ServiceProvider.GetRequiredService<AuthDb>());
        await unitOfWork.CommitAsync(cancellationToken);
        await unitOfWork.DisposeAsync();
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        await Database.DisposeAsync();
    }
}
