using DiracX.Client.Generated;
using DiracX.Client.Http;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;

namespace DiracX.Client.Tests;

/// <summary>The client generated from the committed OpenAPI document, calling a live server.</summary>
public sealed class GeneratedClientTests : IAsyncLifetime
{
    private DiracXTestApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _app = await DiracXTestApp.StartAsync(DiracXModules.BuiltIn, cancellationToken: Ct);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private DiracXClient Client(string? token = null) =>
        DiracXClient.Create(new Uri("http://localhost/"), token is null ? null : new StaticAccessTokenProvider(token), _app.CreateHandler());

    [Fact]
    public async Task The_generated_client_reads_the_installation_metadata()
    {
        using var client = Client();
        var metadata = await client.WellKnown.GetInstallationMetadataAsync(Ct);
        Assert.Equal("lhcb_user", metadata.Virtual_organizations["lhcb"].Default_group);
        Assert.Contains("NormalUser", metadata.Virtual_organizations["lhcb"].Groups["lhcb_user"].Properties);
    }

    [Fact]
    public async Task The_generated_client_sends_the_token_to_authenticated_routes()
    {
        using var anonymous = Client();
        var refused = await Assert.ThrowsAsync<DiracXApiException>(() => anonymous.Config.ServeConfigAsync(Ct));
        Assert.Equal(401, refused.StatusCode);

        using var client = Client(_app.Keystore.MintAccessToken(TestIdentity.NormalUser));
        await client.Config.ServeConfigAsync(Ct);
    }

    [Fact]
    public async Task A_refusal_carries_the_servers_detail()
    {
        using var anonymous = Client();
        var refused = await Assert.ThrowsAsync<DiracXApiException>(() => anonymous.Config.ServeConfigAsync(Ct));
        Assert.Equal("Authorization header is missing", refused.Detail);

        using var client = Client(_app.Keystore.MintAccessToken(TestIdentity.NormalUser));
        var missing = await Assert.ThrowsAsync<DiracXApiException>(() => client.Jobs.GetJobParametersAsync(999_999_999, Ct));
        Assert.Equal(403, missing.StatusCode);
        Assert.False(string.IsNullOrEmpty(missing.Detail));
        Assert.DoesNotContain("Refused by the route", missing.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_sends_its_version_and_an_old_one_is_refused()
    {
        await using var strict = await DiracXTestApp.StartAsync(DiracXModules.BuiltIn, new Dictionary<string, string?>
        {
            ["DiracX:Http:MinClientVersion"] = "99.0",
        }, cancellationToken: Ct);
        using var client = DiracXClient.Create(new Uri("http://localhost/"), innerHandler: strict.CreateHandler());
        var refused = await Assert.ThrowsAsync<DiracXApiException>(() => client.WellKnown.GetInstallationMetadataAsync(Ct));
        Assert.Equal(400, refused.StatusCode);
        Assert.Contains($"Client version {DiracXClientInfo.Version} is not compatible with the server", refused.Response, StringComparison.Ordinal);
    }
}
