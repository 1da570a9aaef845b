using System.Net.Http.Headers;
using DiracX.Core.Modules;
using DiracX.Routers.Infrastructure.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DiracX.Testing;

/// <summary>
/// The DiracX routers running in memory (ASP.NET Core's TestServer) against a real test database, with the real
/// middleware, token verification, access policies and modules; tokens come from a generated test keystore.
/// Missed access policies fail requests (DiracX's DIRACX_DEV_CRASH_ON_MISSED_ACCESS_POLICY). Dispose at the end.
/// </summary>
public sealed class DiracXTestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DiracXTestApp(WebApplication app, TestDatabase? database, TestKeystore keystore, TestConfigRepository? config)
    {
        _app = app;
        Database = database;
        Keystore = keystore;
        Config = config;
    }

    /// <summary>The configuration repository the app reads (null when the settings named another one).</summary>
    public TestConfigRepository? Config { get; }

    /// <summary>The database the app uses (null when started without one).</summary>
    public TestDatabase? Database { get; }

    /// <summary>The keystore the app verifies tokens with; mint tokens for any identity with it.</summary>
    public TestKeystore Keystore { get; }

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the routers with the given modules. Unless <paramref name="withDatabase"/> is false, a fresh database
    /// copied from the modules' migrated template is used for every DiracX database. <paramref name="settings"/>
    /// override the defaults (auth settings of the test keystore, missed-policy enforcement on).
    /// </summary>
    public static async Task<DiracXTestApp> StartAsync(IReadOnlyList<IDiracXModule> modules,
        IDictionary<string, string?>? settings = null, bool withDatabase = true, bool waitForConfiguration = true,
        CancellationToken cancellationToken = default)
    {
        var keystore = TestKeystore.CreateEd25519();
        TestConfigRepository? config = null;
        if (settings?.ContainsKey("DiracX:Config:BackendUrl") != true)
        {
            (config, _) = await TestConfigRepository.CreateAsync(TestConfigs.Default, cancellationToken);
        }
        var database = withDatabase ? await DiracXDatabaseTemplates.For(modules).CreateDatabaseAsync(cancellationToken) : null;
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["DiracX:Auth:TokenIssuer"] = keystore.Settings.TokenIssuer,
            ["DiracX:Auth:TokenKeystore"] = keystore.JwksJson,
            ["DiracX:Auth:StateKey"] = keystore.Settings.StateKey,
            ["DiracX:Dev:CrashOnMissedAccessPolicy"] = "true",
        };
        if (config is not null)
        {
            all["DiracX:Config:BackendUrl"] = config.Url;
        }
        if (database is not null)
        {
            all["ConnectionStrings:diracx"] = database.ConnectionString;
        }
        // The sandboxes system needs a store: unless the test names one (or switches the system off), each app gets a
        // bucket of its own on the process's s3rver.
        if (modules.Any(m => m is Routers.Sandboxes.SandboxesModule)
            && settings?.Keys.Any(k => k.StartsWith("DiracX:SandboxStore:", StringComparison.OrdinalIgnoreCase)
                || k.Equals("DiracX:Services:Sandboxes:Enabled", StringComparison.OrdinalIgnoreCase)) != true)
        {
            var s3 = await S3Server.GetSharedAsync(cancellationToken);
            foreach (var (k, v) in s3.SandboxSettings(S3Server.NewBucketName()))
            {
                all[k] = v;
            }
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
        try
        {
            await app.StartAsync(cancellationToken);
            // Tests start once the configuration is loaded, as a pod would once its readiness probe passes.
            if (waitForConfiguration && app.Services.GetService<Core.Configuration.ConfigProvider>() is { } provider)
            {
                await provider.WaitUntilReadyAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
        }
        catch
        {
            await app.DisposeAsync();
            if (database is not null)
            {
                await database.DisposeAsync();
            }
            keystore.Dispose();
            config?.Dispose();
            throw;
        }
        return new DiracXTestApp(app, database, keystore, config);
    }

    /// <summary>Stops the host as SIGTERM does (the app stays disposable afterwards).</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>An HTTP client to the app, without credentials.</summary>
    public HttpClient CreateClient() => _app.GetTestClient();

    /// <summary>
    /// An HTTP client without credentials whose requests arrive from <paramref name="remoteAddress"/> (the socket peer
    /// the in-memory server otherwise leaves unknown).
    /// </summary>
    public HttpClient CreateClient(System.Net.IPAddress remoteAddress)
    {
        var server = _app.GetTestServer();
        return new HttpClient(server.CreateHandler(c => c.Connection.RemoteIpAddress = remoteAddress)) { BaseAddress = server.BaseAddress };
    }

    /// <summary>A message handler to the in-memory server (for clients built on their own handlers).</summary>
    public HttpMessageHandler CreateHandler() => _app.GetTestServer().CreateHandler();

    /// <summary>An HTTP client sending a valid access token for <paramref name="identity"/>.</summary>
    public HttpClient CreateClient(TestIdentity identity)
    {
        var client = _app.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Keystore.MintAccessToken(identity));
        return client;
    }

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
        Keystore.Dispose();
        Config?.Dispose();
    }
}
