using DiracX.Core.Modules;
using DiracX.Routers.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DiracX.Testing;

/// <summary>
/// The DiracX routers running in memory (ASP.NET Core's TestServer) against a real test database, with the real
/// middleware, policies and modules. Dispose it at the end of the test class.
/// </summary>
public sealed class DiracXTestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DiracXTestApp(WebApplication app, TestDatabase? database)
    {
        _app = app;
        Database = database;
    }

    /// <summary>The database the app uses (null when started without one).</summary>
    public TestDatabase? Database { get; }

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the routers with the given modules. Unless <paramref name="withDatabase"/> is false, a fresh database
    /// copied from the modules' migrated template is created and used for every DiracX database.
    /// </summary>
    public static async Task<DiracXTestApp> StartAsync(IReadOnlyList<IDiracXModule> modules,
        IDictionary<string, string?>? settings = null, bool withDatabase = true, CancellationToken cancellationToken = default)
    {
        var database = withDatabase ? await DiracXDatabaseTemplates.For(modules).CreateDatabaseAsync(cancellationToken) : null;
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (database is not null)
        {
            all["ConnectionStrings:diracx"] = database.ConnectionString;
        }
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }
        var builder = DiracXRouters.CreateBuilder([], modules, b =>
        {
            b.Configuration.AddInMemoryCollection(all);
            b.WebHost.UseTestServer();
            b.Logging.AddProvider(new CapturedLogs());
        });
        var app = builder.BuildDiracX();
        await app.StartAsync(cancellationToken);
        return new DiracXTestApp(app, database);
    }

    /// <summary>An HTTP client to the app, without credentials.</summary>
    public HttpClient CreateClient() => _app.GetTestClient();

    /// <summary>Creates a scope to reach scoped services (DbContexts) directly.</summary>
    public AsyncServiceScope CreateScope() => _app.Services.CreateAsyncScope();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}
