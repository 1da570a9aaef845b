using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.Testing;
using DiracX.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace DiracX.AppHost.Tests;

/// <summary>The local stack, as a newcomer meets it; every test shares ONE AppHost (<see cref="LocalStackFixture"/>).</summary>
public sealed class AppHostTests(LocalStackFixture stack) : IClassFixture<LocalStackFixture>
{
    private const string ClientId = "myDIRACClientID";

    [Fact]
    public async Task The_run_command_brings_up_a_ready_stack_with_migrations_done_and_a_config_repository_trusting_the_DevIdp()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = stack.App.CreateHttpClient("routers", "http");
        using var ready = await http.GetAsync(new Uri("/api/health/ready", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        var migrations = await stack.App.ResourceNotifications.WaitForResourceAsync("migrations", e => e.Snapshot.ExitCode is not null, ct);
        Assert.Equal(0, migrations.Snapshot.ExitCode);

        var devIdpUrl = stack.App.GetEndpoint("devidp", "http").ToString().TrimEnd('/');
        var defaultYml = await File.ReadAllTextAsync(Path.Combine(stack.DataDir, "cs_store", "default.yml"), ct);
        Assert.Contains($"URL: \"{devIdpUrl}\"", defaultYml, StringComparison.Ordinal);
        Assert.Contains("\"b824d4dc-1f9d-4ee8-8df5-c0ae55d46041\":", defaultYml, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(stack.DataDir, "cs_store", ".git")));

        using var jwks = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(stack.DataDir, "keys", "jwks.json"), ct));
        var key = Assert.Single(jwks.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal("Ed25519", key.GetProperty("crv").GetString());
        var stateKey = await File.ReadAllTextAsync(Path.Combine(stack.DataDir, "keys", "state-key"), ct);
        Assert.Equal(32, Convert.FromBase64String(stateKey.Replace('-', '+').Replace('_', '/')).Length);
    }

    // What `dirac login` does against the running stack, for every role the systems need: device flow through the
    // DevIdp, then /api/auth/userinfo.
    [Theory]
    [InlineData("alice", "vo:lhcb", "lhcb", "lhcb_user", "NormalUser")]
    [InlineData("bob", "vo:lhcb", "lhcb", "lhcb_user", "NormalUser")]
    [InlineData("jobadmin", "vo:lhcb group:lhcb_admin", "lhcb", "lhcb_admin", "JobAdministrator")]
    [InlineData("serviceadmin", "vo:lhcb group:lhcb_service", "lhcb", "lhcb_service", "ServiceAdministrator")]
    [InlineData("pilot", "vo:lhcb group:lhcb_pilot", "lhcb", "lhcb_pilot", "GenericPilot")]
    [InlineData("carol", "vo:gridpp", "gridpp", "gridpp_user", "NormalUser")]
    public async Task Each_development_user_logs_in_with_the_device_flow_in_its_role(string user, string scope, string vo, string group, string property)
    {
        var ct = TestContext.Current.CancellationToken;
        var tokens = await DeviceLoginAsync(stack.Routers, user, scope, ct);
        using var claims = await UserinfoAsync(stack.Routers, tokens.RootElement.GetProperty("access_token").GetString()!, ct);
        Assert.Equal(vo, claims.RootElement.GetProperty("vo").GetString());
        Assert.Equal(user, claims.RootElement.GetProperty("preferred_username").GetString());
        Assert.Equal(group, claims.RootElement.GetProperty("dirac_group").GetString());
        Assert.Contains(property, claims.RootElement.GetProperty("properties").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Once_ready_the_AppHost_prints_the_routers_docs_DevIdp_users_and_data_folder()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 100 && stack.Summary.Count == 0; i++)
        {
            await Task.Delay(100, ct);
        }
        var summary = Assert.Single(stack.Summary);
        var routers = stack.Routers.ToString().TrimEnd('/');
        Assert.Contains($"routers:   {routers}", summary, StringComparison.Ordinal);
        Assert.Contains($"API docs:  {routers}/api/docs", summary, StringComparison.Ordinal);
        Assert.Contains($"DevIdp:    {stack.App.GetEndpoint("devidp", "http").ToString().TrimEnd('/')}", summary, StringComparison.Ordinal);
        foreach (var user in DevUser.Defaults)
        {
            Assert.Contains($"{user.Username} / {user.Password}: {user.Vo}", summary, StringComparison.Ordinal);
        }
        Assert.Contains($"data:      {Path.GetFullPath(stack.DataDir)}", summary, StringComparison.Ordinal);
    }

    // A diracx-web run by the user on http://localhost:3000: CORS preflight, an authorization-code login with PKCE whose
    // redirect is <origin>/#authentication-callback, through the DevIdp, and the token exchange from that origin.
    [Fact]
    public async Task A_diracx_web_on_localhost_3000_logs_in_with_the_authorization_code_flow()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Origin = "http://localhost:3000";
        const string Redirect = Origin + "/#authentication-callback";
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = stack.Routers };

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/auth/token");
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var allowed = await http.SendAsync(preflight, ct);
        Assert.True(allowed.IsSuccessStatusCode, $"preflight: {(int)allowed.StatusCode}");
        Assert.Equal(Origin, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));

        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = QueryHelpers.AddQueryString("/api/auth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["client_id"] = ClientId,
            ["redirect_uri"] = Redirect,
            ["scope"] = "vo:lhcb",
            ["state"] = "web-state",
        });
        using var toIdp = await http.GetAsync(new Uri(authorize, UriKind.Relative), ct);
        Assert.True(toIdp.StatusCode == HttpStatusCode.TemporaryRedirect, await toIdp.Content.ReadAsStringAsync(ct));
        var callback = await DevIdpLogin.AuthorizeAsync(toIdp.Headers.Location!, "alice", DevUser.DefaultPassword, ct);
        using var completed = await http.GetAsync(callback, ct);
        Assert.True(completed.StatusCode == HttpStatusCode.TemporaryRedirect, await completed.Content.ReadAsStringAsync(ct));
        var back = completed.Headers.Location!.ToString();
        Assert.StartsWith(Redirect + "?", back, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(back[back.IndexOf('?', StringComparison.Ordinal)..]);
        Assert.Equal("web-state", query["state"].ToString());

        using var exchange = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = query["code"].ToString(),
                ["redirect_uri"] = Redirect,
                ["code_verifier"] = verifier,
                ["client_id"] = ClientId,
            }),
        };
        exchange.Headers.Add("Origin", Origin);
        using var token = await http.SendAsync(exchange, ct);
        Assert.True(token.StatusCode == HttpStatusCode.OK, await token.Content.ReadAsStringAsync(ct));
        Assert.Equal(Origin, Assert.Single(token.Headers.GetValues("Access-Control-Allow-Origin")));
        using var tokens = JsonDocument.Parse(await token.Content.ReadAsStringAsync(ct));
        using var claims = await UserinfoAsync(stack.Routers, tokens.RootElement.GetProperty("access_token").GetString()!, ct);
        Assert.Equal("alice", claims.RootElement.GetProperty("preferred_username").GetString());
    }

    // Swagger UI's "Authorize": its redirect is allowed and its default scopes carry a VO.
    [Fact]
    public async Task The_API_docs_can_log_in_their_redirect_is_allowed_and_their_scopes_name_a_vo()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = stack.Routers };
        var script = await http.GetStringAsync(new Uri("/api/docs/index.js", UriKind.Relative), ct);
        Assert.Contains("vo:lhcb", script, StringComparison.Ordinal);
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes("verifier-of-the-docs-page-0123456789abcdefgh")));
        var authorize = QueryHelpers.AddQueryString("/api/auth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["client_id"] = ClientId,
            ["redirect_uri"] = $"{stack.Routers.ToString().TrimEnd('/')}/api/docs/oauth2-redirect.html",
            ["scope"] = "vo:lhcb property:NormalUser",
            ["state"] = "docs-state",
        });
        using var toIdp = await http.GetAsync(new Uri(authorize, UriKind.Relative), ct);
        Assert.True(toIdp.StatusCode == HttpStatusCode.TemporaryRedirect, await toIdp.Content.ReadAsStringAsync(ct));

        // The routers' own origin is one of the AppHost's CORS origins (a JSON list under DiracX__Http__CorsOrigins).
        var ownOrigin = stack.Routers.GetLeftPart(UriPartial.Authority);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/auth/token");
        preflight.Headers.Add("Origin", ownOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var allowed = await http.SendAsync(preflight, ct);
        Assert.True(allowed.Headers.TryGetValues("Access-Control-Allow-Origin", out var origins), $"no CORS for {ownOrigin}");
        Assert.Equal(ownOrigin, Assert.Single(origins));
    }

    // docs/first-steps.md: every bash block, in order, against this stack.
    [Fact]
    public async Task The_first_steps_walkthrough_runs_as_written()
    {
        var ct = TestContext.Current.CancellationToken;
        var markdown = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "docs", "first-steps.md"), ct);
        var blocks = System.Text.RegularExpressions.Regex.Matches(markdown, "```bash\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count >= 6, "the walkthrough lost its commands");
        var work = Directory.CreateTempSubdirectory("diracx-first-steps-").FullName;
        try
        {
            var psi = new ProcessStartInfo("/bin/bash", ["-euo", "pipefail", "-c", string.Join("\n", blocks)])
            {
                WorkingDirectory = work,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            psi.Environment["DIRACX_URL"] = stack.Routers.ToString().TrimEnd('/');
            using var bash = Process.Start(psi)!;
            var stdout = bash.StandardOutput.ReadToEndAsync(ct);
            var stderr = bash.StandardError.ReadToEndAsync(ct);
            await bash.WaitForExitAsync(ct);
            Assert.True(bash.ExitCode == 0, $"exit {bash.ExitCode}\n{await stdout}\n{await stderr}");
            Assert.EndsWith("true", (await stdout).TrimEnd(), StringComparison.Ordinal);
            Assert.Contains("\"first-job\"", await stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // The tasks service of the stack runs what the routers enqueue: a service administrator triggers DiracX's dummy job
    // executor (its 10 s schedule is off by default, DiracX:Tasks:DummyJobExecutor:Enabled; on in this shared stack it
    // would race the walkthrough's kill), and a job submitted by alice walks Waiting, Matched, Running to Done.
    [Fact]
    public async Task A_submitted_job_reaches_Done_through_the_tasks_service_running_the_dummy_executor()
    {
        var ct = TestContext.Current.CancellationToken;
        using var alice = await DeviceLoginAsync(stack.Routers, "alice", "vo:lhcb", ct);
        using var admin = await DeviceLoginAsync(stack.Routers, "serviceadmin", "vo:lhcb group:lhcb_service", ct);
        using var asAlice = new HttpClient { BaseAddress = stack.Routers };
        asAlice.DefaultRequestHeaders.Authorization = new("Bearer", alice.RootElement.GetProperty("access_token").GetString());
        using var asAdmin = new HttpClient { BaseAddress = stack.Routers };
        asAdmin.DefaultRequestHeaders.Authorization = new("Bearer", admin.RootElement.GetProperty("access_token").GetString());

        using var submitted = await asAlice.PostAsync(new Uri("/api/jobs/jdl", UriKind.Relative),
            new StringContent("""["Executable = \"echo\"; JobName = \"dummy-executor\";"]""", Encoding.UTF8, "application/json"), ct);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync(ct));
        using var jobs = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync(ct));
        var jobId = jobs.RootElement[0].GetProperty("JobID").GetInt64();

        using var trigger = await asAdmin.PostAsync(new Uri("/api/tasks/runs", UriKind.Relative),
            new StringContent("""{"task_name": "jobs:DummyJobExecutorMonitorTask"}""", Encoding.UTF8, "application/json"), ct);
        Assert.True(trigger.StatusCode == HttpStatusCode.Created, await trigger.Content.ReadAsStringAsync(ct));
        using var run = JsonDocument.Parse(await trigger.Content.ReadAsStringAsync(ct));
        var runId = run.RootElement.GetProperty("run_id").GetInt64();

        var search = $$"""{"parameters": ["JobID", "Status"], "search": [{"parameter": "JobID", "operator": "eq", "value": {{jobId}}}]}""";
        var deadline = DateTime.UtcNow.AddSeconds(120);
        string? status = null;
        while (status != "Done")
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} is still {status}");
            await Task.Delay(500, ct);
            using var found = await asAlice.PostAsync(new Uri("/api/jobs/search", UriKind.Relative), new StringContent(search, Encoding.UTF8, "application/json"), ct);
            Assert.True(found.IsSuccessStatusCode, await found.Content.ReadAsStringAsync(ct));
            using var rows = JsonDocument.Parse(await found.Content.ReadAsStringAsync(ct));
            status = rows.RootElement[0].GetProperty("Status").GetString();
        }
        using var runNow = await asAdmin.GetAsync(new Uri($"/api/tasks/runs/{runId}", UriKind.Relative), ct);
        using var runState = JsonDocument.Parse(await runNow.Content.ReadAsStringAsync(ct));
        Assert.Equal("Succeeded", runState.RootElement.GetProperty("state").GetString());
    }

    private static async Task<JsonDocument> DeviceLoginAsync(Uri routers, string user, string scope, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = routers };
        using var start = await http.PostAsync(new Uri($"/api/auth/device?client_id={ClientId}&scope={Uri.EscapeDataString(scope)}", UriKind.Relative), null, ct);
        Assert.True(start.StatusCode == HttpStatusCode.OK, await start.Content.ReadAsStringAsync(ct));
        using var flow = JsonDocument.Parse(await start.Content.ReadAsStringAsync(ct));
        var deviceCode = flow.RootElement.GetProperty("device_code").GetString()!;

        using var toIdp = await http.GetAsync(new Uri(flow.RootElement.GetProperty("verification_uri_complete").GetString()!), ct);
        Assert.True(toIdp.StatusCode == HttpStatusCode.TemporaryRedirect, await toIdp.Content.ReadAsStringAsync(ct));
        var callback = await DevIdpLogin.AuthorizeAsync(toIdp.Headers.Location!, user, DevUser.DefaultPassword, ct);
        using var completed = await http.GetAsync(callback, ct);
        Assert.True(completed.StatusCode == HttpStatusCode.TemporaryRedirect, await completed.Content.ReadAsStringAsync(ct));

        using var token = await http.PostAsync(new Uri("/api/auth/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["device_code"] = deviceCode,
            ["client_id"] = ClientId,
        }), ct);
        Assert.True(token.StatusCode == HttpStatusCode.OK, await token.Content.ReadAsStringAsync(ct));
        return JsonDocument.Parse(await token.Content.ReadAsStringAsync(ct));
    }

    private static async Task<JsonDocument> UserinfoAsync(Uri routers, string accessToken, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = routers };
        using var userinfo = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/auth/userinfo", UriKind.Relative));
        userinfo.Headers.Authorization = new("Bearer", accessToken);
        using var me = await http.SendAsync(userinfo, ct);
        Assert.True(me.StatusCode == HttpStatusCode.OK, await me.Content.ReadAsStringAsync(ct));
        return JsonDocument.Parse(await me.Content.ReadAsStringAsync(ct));
    }
}
