using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DiracX.Core.Security;
using DiracX.Db.ResourceStatus;
using DiracX.DevIdp;
using DiracX.Logic.Auth;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Routers.Tests.Auth;
using DiracX.Routers.Tests.Pilots;
using DiracX.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DiracX.Routers.Tests;

/// <summary>
/// Issue #22 "scale-out works": two DiracX.Routers processes on one PostgreSQL database, one Redis and one keystore
/// file, behind a round-robin reverse proxy on loopback, behave as one service. (Periodic tasks running once across two
/// task workers are covered by the tasks' own tests.)
/// </summary>
public class ScaleOutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_router_processes_behind_a_round_robin_proxy_behave_as_one()
    {
        var proxyUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var redis = await RedisServer.GetSharedAsync(Ct);
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            var db = connection.GetDatabase();
            await db.KeyDeleteAsync(RedisResourceStatusSnapshotStore.RevisionKey);
            foreach (var key in connection.GetServers()[0].Keys(pattern: "diracx:auth:user-code-failures:*"))
            {
                await db.KeyDeleteAsync(key);
            }
        }
        await using var idp = await DevIdpTestServer.StartAsync(new DevIdpOptions
        {
            RedirectUris = [$"{proxyUrl}/api/auth/device/complete"],
            Users = [AuthFixture.Chaen],
        }, Ct);
        var yaml = TestConfigs.Default
            .Replace(TestConfigs.IdpUrl, idp.Url.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            .Replace("ClientID: test-idp-gridpp", $"ClientID: {idp.ClientId}", StringComparison.Ordinal)
            .Replace("ClientID: test-idp}", $"ClientID: {idp.ClientId}}}", StringComparison.Ordinal);
        (var config, _) = await TestConfigRepository.CreateAsync(yaml, Ct);
        using var _config = config;
        await using var database = await DiracXDatabaseTemplates.For(DiracXModules.BuiltIn).CreateDatabaseAsync(Ct);

        var folder = Directory.CreateTempSubdirectory("diracx-scaleout-").FullName;
        try
        {
            var jwksPath = Path.Combine(folder, "keystore.json");
            await JwksMaintenance.WriteFileAtomicallyAsync(jwksPath, JwksMaintenance.Rotate(null, TimeProvider.System), Ct);
            using var before = TestKeystore.FromJwks(await File.ReadAllTextAsync(jwksPath, Ct));
            var environment = new Dictionary<string, string>
            {
                ["DiracX__Auth__TokenIssuer"] = before.Settings.TokenIssuer,
                ["DiracX__Auth__TokenKeystore"] = "file://" + jwksPath,
                ["DiracX__Auth__StateKey"] = before.Settings.StateKey,
                ["DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE_RELOAD_INTERVAL"] = "00:00:01",
                ["DiracX__Auth__UserCodeAttemptLimit"] = "3",
                ["DiracX__Auth__UserCodeAttemptWindowSeconds"] = "300",
                ["DiracX__Http__TrustedProxies__0"] = "127.0.0.1",
                ["DiracX__Config__BackendUrl"] = config.Url,
                ["ConnectionStrings__diracx"] = database.ConnectionString,
                ["ConnectionStrings__redis"] = redis.ConnectionString,
            };
            await using var a = RoutersProcess.Start($"http://127.0.0.1:{FreePort.Next()}", environment);
            await using var b = RoutersProcess.Start($"http://127.0.0.1:{FreePort.Next()}", environment);
            using (var direct = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
            {
                foreach (var replica in new[] { a, b })
                {
                    await replica.WaitForAsync(direct, "/api/health/ready", Ct);
                }
            }
            await using var proxy = await RoundRobinProxy.StartAsync(proxyUrl, [a.BaseAddress, b.BaseAddress], Ct);
            // No redirects followed, no cookies: each request is one hop through the proxy, as the CLI's would be.
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
            {
                BaseAddress = new Uri(proxyUrl),
                Timeout = TimeSpan.FromSeconds(30),
            };
            string Logs() => $"\n--- replica 0 ---\n{a.Output}\n--- replica 1 ---\n{b.Output}";

            // 1. A device flow started on replica 0 is verified, completed and redeemed on replica 1.
            using var start = await client.SendAsync(RoundRobinProxy.To(0, HttpMethod.Post,
                AuthFlows.Url("/api/auth/device", ("client_id", AuthFlows.ClientId), ("scope", "vo:lhcb"))), Ct);
            Assert.True(start.StatusCode == HttpStatusCode.OK, await start.Content.ReadAsStringAsync(Ct) + Logs());
            Assert.Equal(0, RoundRobinProxy.ReplicaOf(start));
            var flow = (await start.Content.ReadFromJsonAsync<InitiateDeviceFlowResponse>(Ct))!;
            Assert.StartsWith(proxyUrl, flow.VerificationUriComplete, StringComparison.Ordinal);
            using var verification = await client.SendAsync(RoundRobinProxy.To(1, HttpMethod.Get,
                new Uri(flow.VerificationUriComplete).PathAndQuery), Ct);
            Assert.True(verification.StatusCode == HttpStatusCode.TemporaryRedirect, await verification.Content.ReadAsStringAsync(Ct) + Logs());
            var callback = await DevIdpLogin.AuthorizeAsync(verification.Headers.Location!, AuthFixture.Chaen.Username,
                AuthFixture.Chaen.Password, Ct);
            using var completed = await client.SendAsync(RoundRobinProxy.To(1, HttpMethod.Get, callback.PathAndQuery), Ct);
            Assert.True(completed.StatusCode == HttpStatusCode.TemporaryRedirect, await completed.Content.ReadAsStringAsync(Ct) + Logs());
            var poll = RoundRobinProxy.To(1, HttpMethod.Post, "/api/auth/token");
            poll.Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = GrantTypes.DeviceCode,
                ["device_code"] = flow.DeviceCode,
                ["client_id"] = AuthFlows.ClientId,
            });
            using var redeemed = await client.SendAsync(poll, Ct);
            Assert.True(redeemed.StatusCode == HttpStatusCode.OK, await redeemed.Content.ReadAsStringAsync(Ct) + Logs());
            Assert.Equal(1, RoundRobinProxy.ReplicaOf(redeemed));
            var tokens = (await redeemed.Content.ReadFromJsonAsync<TokenResponse>(Ct))!;
            // The issued token is accepted by both replicas.
            await AssertOnBothAsync(client, "/api/auth/userinfo", tokens.AccessToken, HttpStatusCode.OK, Logs);

            // 2. Failed user-code guesses from one address count across both processes (limit 3, shared in Redis).
            var guesses = new List<(int Replica, HttpStatusCode Status)>();
            for (var i = 0; i < 4; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/device?user_code=ZZZZZZZZ");
                request.Headers.Add("X-Forwarded-For", "192.0.2.77");
                using var response = await client.SendAsync(request, Ct);
                guesses.Add((RoundRobinProxy.ReplicaOf(response), response.StatusCode));
            }
            Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests],
                guesses.Select(g => g.Status));
            Assert.Equal(2, guesses.Take(3).Select(g => g.Replica).Distinct().Count()); // no replica saw three on its own

            // 3. The RSS snapshot (and so its ETag) is shared through Redis.
            var admin = before.MintAccessToken(PilotsFixture.ServiceAdmin);
            using (var set = new HttpRequestMessage(HttpMethod.Patch, "/api/rss/statuses"))
            {
                set.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
                set.Content = JsonContent.Create(new[] { new { name = "ce-scaleout", element_type = "ComputeElement", status = "Active" } });
                using var response = await client.SendAsync(set, Ct);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct) + Logs());
            }
            var user = before.MintAccessToken(TestIdentity.NormalUser);
            var etags = new Dictionary<int, string>();
            for (var i = 0; i < 2; i++)
            {
                using var response = await Send(client, HttpMethod.Get, "/api/rss/compute", user);
                var body = await response.Content.ReadAsStringAsync(Ct);
                Assert.True(response.StatusCode == HttpStatusCode.OK, body + Logs());
                Assert.Contains("ce-scaleout", body);
                // The second replica answers from the shared snapshot: a row written behind the cache (its own
                // database read would see it, with another revision) is not there.
                Assert.DoesNotContain("ce-behind-the-cache", body);
                etags[RoundRobinProxy.ReplicaOf(response)] = response.Headers.GetValues("ETag").Single();
                if (i == 0)
                {
                    await using var connection = await database.OpenConnectionAsync(Ct);
                    await using var insert = new Npgsql.NpgsqlCommand(
                        """INSERT INTO resourcestatusdb."ResourceStatus" ("Name", "StatusType", "VO", "Status", "ElementType", "DateEffective") VALUES ('ce-behind-the-cache', 'all', 'all', 'Active', 'ComputeElement', now())""",
                        connection);
                    await insert.ExecuteNonQueryAsync(Ct);
                }
            }
            Assert.Equal(2, etags.Count);
            Assert.Equal(etags[0], etags[1]);

            // 4. A key rotation in the shared keystore file reaches both replicas; tokens of the old key stay valid.
            var rotate = await RunAsync(Path.Combine(AppContext.BaseDirectory, "DiracX.Routers.dll"), "keys", "rotate", "--jwks-path", jwksPath);
            Assert.True(rotate.ExitCode == 0, rotate.Output);
            using var after = TestKeystore.FromJwks(await File.ReadAllTextAsync(jwksPath, Ct));
            var newToken = after.MintAccessToken(TestIdentity.NormalUser);
            Assert.NotEqual(AuthFlows.Claims(user).GetRawText(), AuthFlows.Claims(newToken).GetRawText());
            var deadline = DateTime.UtcNow.AddSeconds(45);
            var accepted = new HashSet<int>();
            while (accepted.Count < 2)
            {
                using var response = await Send(client, HttpMethod.Get, "/api/config/", newToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    accepted.Add(RoundRobinProxy.ReplicaOf(response));
                }
                else
                {
                    Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                    Assert.True(DateTime.UtcNow < deadline, "the rotated key never reached both replicas" + Logs());
                    await Task.Delay(250, Ct);
                }
            }
            await AssertOnBothAsync(client, "/api/config/", newToken, HttpStatusCode.OK, Logs);
            await AssertOnBothAsync(client, "/api/config/", user, HttpStatusCode.OK, Logs);
            await AssertOnBothAsync(client, "/api/auth/userinfo", tokens.AccessToken, HttpStatusCode.OK, Logs);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task AssertOnBothAsync(HttpClient client, string path, string token, HttpStatusCode expected, Func<string> logs)
    {
        var seen = new HashSet<int>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await Send(client, HttpMethod.Get, path, token);
            Assert.True(response.StatusCode == expected,
                $"{path} on replica {RoundRobinProxy.ReplicaOf(response)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}{logs()}");
            seen.Add(RoundRobinProxy.ReplicaOf(response));
        }
        Assert.Equal(2, seen.Count);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request, Ct);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = System.Diagnostics.Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// A minimal reverse proxy on loopback: each request goes to the next backend in turn, with its Host header kept and
    /// the client's X-Forwarded-For kept (or set to the peer's address). Responses carry <c>X-Test-Replica</c>; a request
    /// carrying it goes to that backend (so a test can pin the steps of a flow to chosen replicas).
    /// </summary>
    private sealed class RoundRobinProxy : IAsyncDisposable
    {
        public const string ReplicaHeader = "X-Test-Replica";

        private static readonly HashSet<string> s_hopByHop = new(StringComparer.OrdinalIgnoreCase)
        {
            "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Connection", "Host", ReplicaHeader,
        };

        private readonly WebApplication _app;
        private readonly HttpClient _http;

        private RoundRobinProxy(WebApplication app, HttpClient http)
        {
            _app = app;
            _http = http;
        }

        /// <summary>A request the proxy sends to backend <paramref name="replica"/> instead of the next in turn.</summary>
        public static HttpRequestMessage To(int replica, HttpMethod method, string pathAndQuery)
        {
            var request = new HttpRequestMessage(method, pathAndQuery);
            request.Headers.Add(ReplicaHeader, replica.ToString());
            return request;
        }

        public static int ReplicaOf(HttpResponseMessage response) =>
            response.Headers.TryGetValues(ReplicaHeader, out var values) ? int.Parse(values.Single()) : -1;

        public static async Task<RoundRobinProxy> StartAsync(string url, IReadOnlyList<Uri> backends, CancellationToken cancellationToken)
        {
            var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
            {
                Timeout = TimeSpan.FromSeconds(60),
            };
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(url);
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var next = -1;
            app.Run(async context =>
            {
                var index = context.Request.Headers.TryGetValue(ReplicaHeader, out var pinned)
                    ? int.Parse(pinned.ToString())
                    : (int)((uint)Interlocked.Increment(ref next) % (uint)backends.Count);
                var target = new Uri(backends[index], context.Request.Path + context.Request.QueryString);
                using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
                if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
                {
                    var body = new MemoryStream();
                    await context.Request.Body.CopyToAsync(body, context.RequestAborted);
                    body.Position = 0;
                    request.Content = new StreamContent(body);
                }
                foreach (var (name, values) in context.Request.Headers)
                {
                    if (s_hopByHop.Contains(name))
                    {
                        continue;
                    }
                    if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
                    {
                        request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
                    }
                }
                request.Headers.Host = context.Request.Host.Value;
                if (!context.Request.Headers.ContainsKey("X-Forwarded-For"))
                {
                    request.Headers.Add("X-Forwarded-For", context.Connection.RemoteIpAddress!.ToString());
                }
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
                context.Response.StatusCode = (int)response.StatusCode;
                foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                {
                    if (!s_hopByHop.Contains(name))
                    {
                        context.Response.Headers[name] = values.ToArray();
                    }
                }
                context.Response.Headers[ReplicaHeader] = index.ToString();
                await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            });
            await app.StartAsync(cancellationToken);
            return new RoundRobinProxy(app, http);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _http.Dispose();
        }
    }
}
