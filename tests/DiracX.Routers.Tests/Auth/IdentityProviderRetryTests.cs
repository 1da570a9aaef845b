using System.Text.Json;
using DiracX.Core.Configuration;
using DiracX.Logic.Auth;
using DiracX.Routers.Infrastructure.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DiracX.Routers.Tests.Auth;

/// <summary>
/// The identity-provider client as the host registers it (service defaults + <c>AddIdentityProviderClient</c>): the
/// metadata GET is retried, the token POST (a single-use code) is sent exactly once, whatever the provider answers.
/// </summary>
public class IdentityProviderRetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failing_metadata_GET_is_retried_but_a_5xx_token_POST_is_sent_once()
    {
        await using var idp = await FakeIdp.StartAsync(failFirstMetadataGets: 1, tokenDelay: TimeSpan.Zero);
        using var host = ClientHost(TimeSpan.FromSeconds(30));
        var client = host.Services.GetRequiredService<IdentityProviderClient>();

        var error = await Assert.ThrowsAsync<IdentityProviderException>(() => client.RedeemCodeAsync("lhcb", idp.Config, "code", "verifier", "https://diracx/cb", Ct));

        Assert.Equal("Failed to contact IAM server", error.Message);
        Assert.Equal(2, idp.MetadataGets);
        Assert.Equal(1, idp.TokenPosts);
    }

    [Fact]
    public async Task A_token_POST_that_times_out_is_not_sent_again()
    {
        await using var idp = await FakeIdp.StartAsync(failFirstMetadataGets: 0, tokenDelay: TimeSpan.FromSeconds(30));
        using var host = ClientHost(TimeSpan.FromSeconds(2));
        var client = host.Services.GetRequiredService<IdentityProviderClient>();

        await Assert.ThrowsAnyAsync<Exception>(() => client.RedeemCodeAsync("lhcb", idp.Config, "code", "verifier", "https://diracx/cb", Ct));

        Assert.Equal(1, idp.MetadataGets);
        Assert.Equal(1, idp.TokenPosts);
    }

    private static IHost ClientHost(TimeSpan timeout)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(new AuthFlowSettings());
        builder.Services.AddIdentityProviderClient();
        builder.Services.AddHttpClient(AuthServiceCollectionExtensions.IdentityProviderHttpClient, http => http.Timeout = timeout);
        return builder.Build();
    }

    /// <summary>A provider on loopback that fails as told and counts what it receives.</summary>
    private sealed class FakeIdp : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _metadataGets;
        private int _tokenPosts;

        private FakeIdp(WebApplication app) => _app = app;

        public int MetadataGets => Volatile.Read(ref _metadataGets);

        public int TokenPosts => Volatile.Read(ref _tokenPosts);

        public IdpConfig Config { get; private set; } = null!;

        public static async Task<FakeIdp> StartAsync(int failFirstMetadataGets, TimeSpan tokenDelay)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var idp = new FakeIdp(app);
            app.MapGet("/.well-known/openid-configuration", (HttpContext context) =>
            {
                if (Interlocked.Increment(ref idp._metadataGets) <= failFirstMetadataGets)
                {
                    return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                }
                var issuer = idp.Config.Url;
                return Results.Text(JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["issuer"] = issuer, ["authorization_endpoint"] = $"{issuer}/authorize",
                    ["token_endpoint"] = $"{issuer}/token", ["jwks_uri"] = $"{issuer}/jwks",
                }), "application/json");
            });
            app.MapGet("/jwks", () => Results.Text("""{"keys":[]}""", "application/json"));
            app.MapPost("/token", async (HttpContext context) =>
            {
                Interlocked.Increment(ref idp._tokenPosts);
                if (tokenDelay > TimeSpan.Zero)
                {
                    await Task.Delay(tokenDelay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                }
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            });
            await app.StartAsync(Ct);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            idp.Config = new IdpConfig { Url = address.TrimEnd('/'), ClientId = "diracx" };
            return idp;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }
}
