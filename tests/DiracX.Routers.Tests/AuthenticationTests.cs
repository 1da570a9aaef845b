using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using DiracX.Core.Security;
using DiracX.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DiracX.Routers.Tests;

/// <summary>Bearer verification on authenticated routes, with real tokens and the attacks of Auth 1.</summary>
public class AuthenticationTests(RoutersFixture fixture) : IClassFixture<RoutersFixture>
{
    private async Task<HttpResponseMessage> WhoAmIAsync(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/lollygag/whoami");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return await fixture.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task AssertInvalidJwtAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("""{"detail":"Invalid JWT"}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public async Task A_valid_token_identifies_the_caller()
    {
        var me = await fixture.App.CreateClient(TestIdentity.NormalUser)
            .GetFromJsonAsync<Dictionary<string, string>>("/api/lollygag/whoami", TestContext.Current.CancellationToken);
        Assert.Equal("chaen", me!["preferred_username"]);
        Assert.Equal("lhcb", me["vo"]);
    }

    [Fact]
    public async Task A_missing_header_is_401_with_www_authenticate()
    {
        var response = await WhoAmIAsync(null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("""{"detail":"Authorization header is missing"}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("bearer abc")]
    [InlineData("Bearer ")]
    [InlineData("Token x")]
    public async Task A_malformed_header_is_400(string header)
    {
        var response = await WhoAmIAsync(header);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"detail":"Invalid authorization header"}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0..")]
    public async Task A_garbage_token_is_401_invalid_jwt(string token) => await AssertInvalidJwtAsync(await WhoAmIAsync("Bearer " + token));

    [Fact]
    public async Task A_forged_signature_is_refused()
    {
        var token = fixture.App.Keystore.MintAccessToken(TestIdentity.NormalUser);
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(parts[1].Replace('-', '+').Replace('_', '/').PadRight((parts[1].Length + 3) / 4 * 4, '=')));
        var forged = $"{parts[0]}.{B64(payload.Replace("\"NormalUser\"", "\"JobAdministrator\"", StringComparison.Ordinal))}.{parts[2]}";
        await AssertInvalidJwtAsync(await WhoAmIAsync("Bearer " + forged));
    }

    [Fact]
    public async Task An_alg_none_token_is_refused()
    {
        var token = fixture.App.Keystore.MintAccessToken(TestIdentity.NormalUser);
        var kid = fixture.App.Keystore.Keystore.SigningKeyId;
        var none = $"{B64($$"""{"alg":"none","kid":"{{kid}}"}""")}.{token.Split('.')[1]}.";
        await AssertInvalidJwtAsync(await WhoAmIAsync("Bearer " + none));
    }

    [Fact]
    public async Task A_token_signed_by_a_foreign_key_is_refused()
    {
        using var foreign = TestKeystore.CreateEd25519();
        await AssertInvalidJwtAsync(await WhoAmIAsync("Bearer " + foreign.MintAccessToken(TestIdentity.NormalUser)));
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        var issuer = new DiracXTokenIssuer(fixture.App.Keystore.Keystore, fixture.App.Keystore.Settings, past);
        var token = issuer.Sign(issuer.CreateAccessPayload("lhcb", "sub", "chaen", "lhcb_user", ["NormalUser"]));
        await AssertInvalidJwtAsync(await WhoAmIAsync("Bearer " + token));
    }

    [Fact]
    public async Task A_token_without_exp_is_refused()
    {
        var issuer = new DiracXTokenIssuer(fixture.App.Keystore.Keystore, fixture.App.Keystore.Settings, TimeProvider.System);
        var claims = new System.Text.Json.Nodes.JsonObject
        {
            ["sub"] = "lhcb:sub", ["vo"] = "lhcb", ["iss"] = fixture.App.Keystore.Settings.TokenIssuer,
            ["dirac_properties"] = new System.Text.Json.Nodes.JsonArray("NormalUser"), ["jti"] = Guid.CreateVersion7().ToString(),
            ["preferred_username"] = "chaen", ["dirac_group"] = "lhcb_user", ["dirac_policies"] = new System.Text.Json.Nodes.JsonObject(),
        };
        await AssertInvalidJwtAsync(await WhoAmIAsync("Bearer " + issuer.SignClaims(claims)));
    }

    [Fact]
    public async Task A_token_of_another_issuer_is_refused()
    {
        var settings = new Core.Settings.AuthSettings { TokenIssuer = "https://other.example/", TokenKeystore = fixture.App.Keystore.JwksJson };
        var issuer = new DiracXTokenIssuer(fixture.App.Keystore.Keystore, settings, TimeProvider.System);
        var token = issuer.Sign(issuer.CreateAccessPayload("lhcb", "sub", "chaen", "lhcb_user", ["NormalUser"]));
        await AssertInvalidJwtAsync(await WhoAmIAsync("Bearer " + token));
    }

    [Fact]
    public async Task A_refresh_token_is_not_an_access_token()
    {
        await AssertInvalidJwtAsync(await WhoAmIAsync("Bearer " + fixture.App.Keystore.MintRefreshToken()));
    }

    [Fact]
    public async Task Open_routes_need_no_token_and_ignore_a_bad_one()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/jwks.json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "garbage");
        var response = await fixture.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
