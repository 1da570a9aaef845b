using System.Net;
using System.Net.Http.Headers;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;

namespace DiracX.AppHost.Tests.Processes;

/// <summary>
/// <c>DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE</c> holding the JWKS JSON itself, as DiracX accepts: the routers, started as
/// a deployment starts them, verify tokens signed with it (and refuse others).
/// </summary>
public sealed class InlineKeystoreTests
{
    [Fact]
    public async Task Routers_started_with_an_inline_jwks_verify_tokens_signed_with_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var keystore = TestKeystore.CreateEd25519();
        using var other = TestKeystore.CreateEd25519();
        var (config, _) = await TestConfigRepository.CreateAsync(TestConfigs.Default, ct);
        using var _config = config;
        await using var database = await DiracXDatabaseTemplates.For(DiracXModules.BuiltIn).CreateDatabaseAsync(ct);
        var port = FreePort.Next();
        await using var routers = ServiceProcess.Start("DiracX.Routers", ["--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string>
        {
            ["DIRACX_SERVICE_AUTH_TOKEN_ISSUER"] = TestKeystore.DefaultIssuer,
            ["DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE"] = keystore.JwksJson,
            ["DIRACX_SERVICE_AUTH_STATE_KEY"] = keystore.Settings.StateKey,
            ["DIRACX_CONFIG_BACKEND_URL"] = config.Url,
            ["ConnectionStrings__diracx"] = database.ConnectionString,
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitUntilReadyAsync(http, routers, ct);

        Assert.Equal(HttpStatusCode.OK, await UserinfoAsync(http, keystore.MintAccessToken(TestIdentity.NormalUser), ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await UserinfoAsync(http, other.MintAccessToken(TestIdentity.NormalUser), ct));
    }

    private static async Task<HttpStatusCode> UserinfoAsync(HttpClient http, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        return response.StatusCode;
    }

    private static async Task WaitUntilReadyAsync(HttpClient http, ServiceProcess routers, CancellationToken ct)
    {
        for (var i = 0; i < 120; i++)
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
        Assert.Fail($"The routers were not ready within 60 s (exit {code}): {stdout}{stderr}");
    }
}
