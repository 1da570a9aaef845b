using System.Net.Sockets;
using DiracX.Testing;

namespace DiracX.AppHost.Tests.Processes;

/// <summary>
/// A process that cannot start says why in one line on stderr, naming the setting, and exits with 1: no
/// unhandled-exception abort, no stack trace. Each test runs the built process as a deployment would.
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly TestKeystore _keystore = TestKeystore.CreateEd25519();
    private readonly string _folder = Directory.CreateTempSubdirectory("diracx-startup-test-").FullName;

    private Dictionary<string, string> UsableRoutersSettings() => new()
    {
        ["DIRACX_SERVICE_AUTH_TOKEN_ISSUER"] = TestKeystore.DefaultIssuer,
        ["DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE"] = _keystore.JwksJson,
        ["DIRACX_SERVICE_AUTH_STATE_KEY"] = _keystore.Settings.StateKey,
        ["DIRACX_CONFIG_BACKEND_URL"] = "git+file://" + _folder,
        ["ConnectionStrings__diracx"] = "Host=127.0.0.1;Port=1;Database=diracx",
    };

    private static Task<(int, string, string)> RoutersAsync(Dictionary<string, string> settings) =>
        ServiceProcess.RunAsync("DiracX.Routers", ["--urls", $"http://127.0.0.1:{FreePort.Next()}"], settings, s_timeout,
            TestContext.Current.CancellationToken);

    [Fact]
    public async Task Routers_without_settings_name_the_missing_settings()
    {
        var result = await RoutersAsync([]);
        ServiceProcess.AssertOneLineFailure(result, "DiracX.Routers: cannot start", "DIRACX_SERVICE_AUTH_TOKEN_ISSUER is required",
            "DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE is required");
    }

    [Fact]
    public async Task Routers_with_an_unreadable_keystore_name_the_setting_and_the_file()
    {
        var settings = UsableRoutersSettings();
        settings["DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE"] = "file:///nonexistent/jwks.json";
        ServiceProcess.AssertOneLineFailure(await RoutersAsync(settings), "DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE", "/nonexistent/jwks.json");
    }

    [Fact]
    public async Task Routers_with_an_invalid_option_name_the_setting()
    {
        var settings = UsableRoutersSettings();
        settings["DiracX__Http__MaxRequestBodyBytes"] = "12";
        ServiceProcess.AssertOneLineFailure(await RoutersAsync(settings), "DiracX:Http:MaxRequestBodyBytes must be at least 1024");
    }

    [Fact]
    public async Task Routers_with_an_unusable_config_url_name_the_setting()
    {
        var settings = UsableRoutersSettings();
        settings["DIRACX_CONFIG_BACKEND_URL"] = "http://example.org/cs.git";
        ServiceProcess.AssertOneLineFailure(await RoutersAsync(settings), "DIRACX_CONFIG_BACKEND_URL", "git+file://");
    }

    [Fact]
    public async Task Routers_with_a_non_postgres_database_url_name_the_setting()
    {
        var settings = UsableRoutersSettings();
        settings["DIRACX_DB_URL_JOBDB"] = "mysql+aiomysql://u:p@db/JobDB";
        ServiceProcess.AssertOneLineFailure(await RoutersAsync(settings), "DIRACX_DB_URL_JOBDB is a mysql URL");
    }

    [Fact]
    public async Task The_migration_service_without_a_connection_string_names_the_setting()
    {
        var result = await ServiceProcess.RunAsync("DiracX.MigrationService", [], new Dictionary<string, string>(), s_timeout,
            TestContext.Current.CancellationToken);
        ServiceProcess.AssertOneLineFailure(result, "DiracX.MigrationService: cannot start", "ConnectionStrings__diracx");
    }

    [Fact]
    public async Task The_tasks_worker_with_a_bad_database_url_names_the_setting()
    {
        var result = await ServiceProcess.RunAsync("DiracX.Tasks", [],
            new Dictionary<string, string> { ["DIRACX_DB_URL_JOBDB"] = "sqlite+aiosqlite:///:memory:" }, s_timeout, TestContext.Current.CancellationToken);
        ServiceProcess.AssertOneLineFailure(result, "DiracX.Tasks: cannot start", "DIRACX_DB_URL_JOBDB is a sqlite URL");
    }

    [Fact]
    public async Task The_AppHost_with_an_unusable_postgres_bin_names_the_setting_and_the_path_it_tried()
    {
        var result = await ServiceProcess.RunAsync("DiracX.AppHost",
            ["--Infra:Mode=local", "--Infra:PostgresBin=/nonexistent/pg/bin", $"--DiracX:LocalDataDir={_folder}",
                $"--DiracX:Ports:Routers={FreePort.Next()}", $"--DiracX:Ports:DevIdp={FreePort.Next()}"],
            new Dictionary<string, string>(), s_timeout, TestContext.Current.CancellationToken);
        var line = ServiceProcess.AssertOneLineFailure(result, "DiracX.AppHost: cannot start", "Infra:PostgresBin", "/nonexistent/pg/bin/initdb");
        Assert.DoesNotContain("not found on PATH", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_AppHost_refuses_a_routers_port_that_is_in_use()
    {
        using var taken = new TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var result = await ServiceProcess.RunAsync("DiracX.AppHost",
            [$"--DiracX:Ports:Routers={port}", $"--DiracX:Ports:DevIdp={FreePort.Next()}", $"--DiracX:LocalDataDir={_folder}"],
            new Dictionary<string, string>(), s_timeout, TestContext.Current.CancellationToken);
        ServiceProcess.AssertOneLineFailure(result, "DiracX:Ports:Routers", $"port {port} is already in use");
    }

    public void Dispose()
    {
        _keystore.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
