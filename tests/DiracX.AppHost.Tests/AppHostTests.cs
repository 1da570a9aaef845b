using DiracX.Testing;
using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace DiracX.AppHost.Tests;

/// <summary>
/// Starts the AppHost as <c>dotnet run --project DiracX.AppHost</c> does (no mode given: on a machine without a
/// container engine that is local mode), with a throwaway local data folder.
/// </summary>
public sealed class AppHostTests : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(4);
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"diracx-apphost-test-{Guid.NewGuid():N}"[..36]);

    [Fact]
    public async Task The_run_command_brings_up_a_ready_stack_with_migrations_done_and_a_config_repository_trusting_the_DevIdp()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_startTimeout);
        var ct = timeout.Token;
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DiracX_AppHost>(
            [$"--DiracX:LocalDataDir={_dataDir}", "--DcpPublisher:WaitForResourceCleanup=false"], ct);
        await using var app = await appHost.BuildAsync(ct);
        await app.StartAsync(ct);

        var routersHealthy = app.ResourceNotifications.WaitForResourceHealthyAsync("routers", ct);
        try
        {
            await routersHealthy;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"The routers were not healthy within {s_startTimeout}: {Describe(app)}");
        }
        using var http = app.CreateHttpClient("routers", "http");
        using var ready = await http.GetAsync(new Uri("/api/health/ready", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        var migrations = await app.ResourceNotifications.WaitForResourceAsync("migrations", e => e.Snapshot.ExitCode is not null, ct);
        Assert.Equal(0, migrations.Snapshot.ExitCode);

        var devIdpUrl = app.GetEndpoint("devidp", "http").ToString().TrimEnd('/');
        var defaultYml = await File.ReadAllTextAsync(Path.Combine(_dataDir, "cs_store", "default.yml"), ct);
        Assert.Contains($"URL: \"{devIdpUrl}\"", defaultYml, StringComparison.Ordinal);
        Assert.Contains("\"b824d4dc-1f9d-4ee8-8df5-c0ae55d46041\":", defaultYml, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(_dataDir, "cs_store", ".git")));

        using var jwks = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dataDir, "keys", "jwks.json"), ct));
        var key = Assert.Single(jwks.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal("Ed25519", key.GetProperty("crv").GetString());
        var stateKey = await File.ReadAllTextAsync(Path.Combine(_dataDir, "keys", "state-key"), ct);
        Assert.Equal(32, Convert.FromBase64String(stateKey.Replace('-', '+').Replace('_', '/')).Length);

        await ScriptedDeviceFlowGivesTokensThatWorkOnUserinfoAsync(app.GetEndpoint("routers", "http"), ct);
    }

    // What `dirac login` does against the running stack: device flow through the DevIdp, then /api/auth/userinfo.
    private static async Task ScriptedDeviceFlowGivesTokensThatWorkOnUserinfoAsync(Uri routers, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = routers };
        using var start = await http.PostAsync(new Uri("/api/auth/device?client_id=myDIRACClientID&scope=vo:lhcb", UriKind.Relative), null, ct);
        Assert.True(start.StatusCode == HttpStatusCode.OK, await start.Content.ReadAsStringAsync(ct));
        using var flow = JsonDocument.Parse(await start.Content.ReadAsStringAsync(ct));
        var deviceCode = flow.RootElement.GetProperty("device_code").GetString()!;

        using var toIdp = await http.GetAsync(new Uri(flow.RootElement.GetProperty("verification_uri_complete").GetString()!), ct);
        Assert.True(toIdp.StatusCode == HttpStatusCode.TemporaryRedirect, await toIdp.Content.ReadAsStringAsync(ct));
        var callback = await DevIdpLogin.AuthorizeAsync(toIdp.Headers.Location!, "admin", "password", ct);
        using var completed = await http.GetAsync(callback, ct);
        Assert.True(completed.StatusCode == HttpStatusCode.TemporaryRedirect, await completed.Content.ReadAsStringAsync(ct));

        using var token = await http.PostAsync(new Uri("/api/auth/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["device_code"] = deviceCode,
            ["client_id"] = "myDIRACClientID",
        }), ct);
        Assert.True(token.StatusCode == HttpStatusCode.OK, await token.Content.ReadAsStringAsync(ct));
        using var tokens = JsonDocument.Parse(await token.Content.ReadAsStringAsync(ct));
        using var userinfo = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/auth/userinfo", UriKind.Relative));
        userinfo.Headers.Authorization = new("Bearer", tokens.RootElement.GetProperty("access_token").GetString());
        using var me = await http.SendAsync(userinfo, ct);
        Assert.True(me.StatusCode == HttpStatusCode.OK, await me.Content.ReadAsStringAsync(ct));
        using var claims = JsonDocument.Parse(await me.Content.ReadAsStringAsync(ct));
        Assert.Equal("lhcb", claims.RootElement.GetProperty("vo").GetString());
    }

    private static string Describe(DistributedApplication app)
    {
        var model = (DistributedApplicationModel)app.Services.GetService(typeof(DistributedApplicationModel))!;
        return string.Join("; ", model.Resources.Select(r =>
            app.ResourceNotifications.TryGetCurrentState(r.Name, out var e) ? $"{r.Name}={e.Snapshot.State?.Text}/{e.Snapshot.HealthStatus}" : r.Name));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // postgres may still be writing while DCP stops it in the background
        }
    }
}
