using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DiracX.Client.Credentials;
using DiracX.Client.Settings;
using DiracX.Testing;
using Gubbins.Client;
using Gubbins.Client.Generated;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Gubbins.Tests;

/// <summary>
/// Gubbins loaded by DiracX's own hosts from its published folder (DIRACX_EXTENSIONS), as the gubbins/* images run it:
/// the migration service creates its tables, the routers serve its routes, the tasks host knows its task, dirac has
/// its command.
/// </summary>
public sealed class LoadedGubbinsTests
{
    [Fact]
    public async Task The_migration_service_and_the_routers_run_Gubbins()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await PostgresServer.GetSharedAsync(ct);
        var name = $"gubbins_{Guid.NewGuid():N}"[..24];
        var connectionString = server.ConnectionStringFor(name);
        var migrated = await HostProcess.RunAsync("DiracX.MigrationService", [], new Dictionary<string, string> { ["ConnectionStrings__diracx"] = connectionString }, ct);
        Assert.True(migrated.ExitCode == 0, $"exit {migrated.ExitCode}: {migrated.Stdout}{migrated.Stderr}");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            await using var tables = new NpgsqlCommand(
                "SELECT count(*) FROM information_schema.tables WHERE (table_schema, table_name) IN (('lollygagdb', 'Owners'), ('gubbinsjobdb', 'GubbinsInfo'))", connection);
            Assert.Equal(2L, (long)(await tables.ExecuteScalarAsync(ct))!);
        }

        using var keystore = TestKeystore.CreateEd25519();
        var (config, _) = await TestConfigRepository.CreateAsync(GubbinsApp.Config, ct);
        using var _config = config;
        var port = FreePort.Next();
        await using var routers = HostProcess.Start("DiracX.Routers", ["--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string>
        {
            ["DIRACX_SERVICE_AUTH_TOKEN_ISSUER"] = TestKeystore.DefaultIssuer,
            ["DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE"] = keystore.JwksJson,
            ["DIRACX_SERVICE_AUTH_STATE_KEY"] = keystore.Settings.StateKey,
            ["DIRACX_CONFIG_BACKEND_URL"] = config.Url,
            ["ConnectionStrings__diracx"] = connectionString,
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitReadyAsync(http, routers, ct);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", keystore.MintAccessToken(GubbinsApp.Sensei));
        Assert.Equal("Hello chaen, you are a sensei", await http.GetFromJsonAsync<string>(new Uri("/api/lollygag/gubbins_sensei", UriKind.Relative), ct));
        using var submitted = await http.PostAsJsonAsync(new Uri("/api/jobs/jdl", UriKind.Relative), new[] { "Executable = \"echo\";" }, ct);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync(ct));
        var jobId = (long)JsonNode.Parse(await submitted.Content.ReadAsStringAsync(ct))![0]!["JobID"]!;
        var info = await http.GetFromJsonAsync<JsonObject>(new Uri($"/api/lollygag/gubbins_info/{jobId}", UriKind.Relative), ct);
        Assert.Equal("gubbins saw chaen's job", (string?)info!["Info"]);
        var summary = await http.GetFromJsonAsync<JsonObject>(new Uri("/api/lollygag/summary", UriKind.Relative), ct);
        Assert.Equal("zero owners", (string?)summary!["summary"]); // Humanizer, from the extension's folder
        var metadata = await http.GetFromJsonAsync<JsonObject>(new Uri("/.well-known/dirac-metadata", UriKind.Relative), ct);
        Assert.Equal("hush!", (string?)metadata!["gubbins_secrets"]);

        await The_generated_client_and_dirac_reach_Gubbins_over_HTTP(new Uri($"http://127.0.0.1:{port}"), keystore, ct);
    }

    // Gubbins' generated client registered as an application registers it (AddGubbinsClient over DiracX's
    // AddDiracXClient: the credentials file, the version header), then `dirac lollygag`, against the routers process.
    private static async Task The_generated_client_and_dirac_reach_Gubbins_over_HTTP(Uri server, TestKeystore keystore, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("gubbins-client-").FullName;
        try
        {
            var sensei = await CredentialsAsync(folder, "sensei.json", keystore.MintAccessToken(GubbinsApp.Sensei), ct);
            var services = new ServiceCollection();
            services.AddGubbinsClient(new DiracXClientSettings { Url = server, CredentialsPath = sensei });
            await using (var provider = services.BuildServiceProvider())
            {
                var lollygag = provider.GetRequiredService<ILollygagClient>();
                Assert.True((await lollygag.Insert_ownerAsync("alice", ct))["OwnerID"] > 0);
                Assert.Equal(["alice"], await lollygag.Get_ownersAsync(ct));

                // A GubbinsClient over a DiracXClient it was given leaves that client to its owner when disposed.
                var diracx = provider.GetRequiredService<DiracX.Client.DiracXClient>();
                new GubbinsClient(diracx).Dispose();
                Assert.Equal(["alice"], await new GubbinsClient(diracx).Lollygag.Get_ownersAsync(ct));
            }

            var dirac = await HostProcess.RunAsync("DiracX.Cli.Tool", ["lollygag", "sensei"], new Dictionary<string, string>
            {
                ["DIRACX_URL"] = server.ToString(), ["DIRACX_CREDENTIALS_PATH"] = sensei,
            }, ct, assembly: "dirac");
            Assert.True(dirac.ExitCode == 0, $"exit {dirac.ExitCode}: {dirac.Stdout}{dirac.Stderr}");
            Assert.Equal("Hello chaen, you are a sensei", dirac.Stdout.Trim());

            // A refusal is reported as DiracX's own errors are: the generated operation throws DiracX's exception.
            var user = await CredentialsAsync(folder, "user.json", keystore.MintAccessToken(TestIdentity.NormalUser), ct);
            var refused = await HostProcess.RunAsync("DiracX.Cli.Tool", ["lollygag", "sensei"], new Dictionary<string, string>
            {
                ["DIRACX_URL"] = server.ToString(), ["DIRACX_CREDENTIALS_PATH"] = user,
            }, ct, assembly: "dirac");
            Assert.True(refused.ExitCode == 1, $"exit {refused.ExitCode}: {refused.Stdout}{refused.Stderr}");
            Assert.Equal("Error 403: Streng verboten !!", refused.Stderr.Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> CredentialsAsync(string folder, string name, string accessToken, CancellationToken ct)
    {
        var path = Path.Combine(folder, name);
        await new StoredCredentials(accessToken, null, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()).WriteAsync(path, ct);
        return path;
    }

    [Fact]
    public async Task The_tasks_host_knows_Gubbins_task()
    {
        var result = await HostProcess.RunAsync("DiracX.Tasks", ["list"], new Dictionary<string, string>
        {
            ["ConnectionStrings__diracx"] = "Host=127.0.0.1;Port=1;Database=diracx",
        }, TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stdout}{result.Stderr}");
        Assert.Contains("lollygag:OwnerCleanupTask\tevery:3600", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dirac_has_the_lollygag_command()
    {
        var result = await HostProcess.RunAsync("DiracX.Cli.Tool", ["lollygag", "hello"], new Dictionary<string, string>(),
            TestContext.Current.CancellationToken, assembly: "dirac");
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stdout}{result.Stderr}");
        Assert.Equal("Baby, I can see your halo", result.Stdout.Trim());
    }

    private static async Task WaitReadyAsync(HttpClient http, HostProcess routers, CancellationToken ct)
    {
        for (var i = 0; i < 120 && !routers.HasExited; i++)
        {
            try
            {
                using var ready = await http.GetAsync(new Uri("/api/health/ready", UriKind.Relative), ct);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(500, ct);
        }
        var (code, stdout, stderr) = await routers.WaitAsync(TimeSpan.FromSeconds(1), ct);
        Assert.Fail($"The routers with Gubbins were not ready (exit {code}): {stdout}{stderr}");
    }
}
