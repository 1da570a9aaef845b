using System.Net;
using System.Text.Json;
using DiracX.DevIdp;
using DiracX.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DiracX.AppHost.Tests;

/// <summary>One DevIdp for the class: a client <c>lhcb-dev</c> and the user alice.</summary>
public sealed class DevIdpFixture : IAsyncLifetime
{
    public const string RedirectUri = "http://localhost:8000/api/auth/authorize/complete";

    public static DevIdpUser Alice { get; } = new() { Username = "alice", Password = "wonderland", Subject = "sub-alice-1", Email = "alice@example.org" };

    public DevIdpTestServer Idp { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Idp = await DevIdpTestServer.StartAsync(new DevIdpOptions { ClientId = "lhcb-dev", RedirectUris = [RedirectUri], Users = [Alice] },
            TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => Idp.DisposeAsync();
}

public sealed class DevIdpTests(DevIdpFixture fixture) : IClassFixture<DevIdpFixture>
{
    private const string RedirectUri = DevIdpFixture.RedirectUri;
    private static readonly DevIdpUser s_alice = DevIdpFixture.Alice;
    private readonly DevIdpTestServer _idp = fixture.Idp;

    [Fact]
    public async Task Discovery_describes_a_code_flow_provider_with_S256_only_and_an_RSA_key_set()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        using var discovery = JsonDocument.Parse(await http.GetStringAsync(new Uri(_idp.Url, "/.well-known/openid-configuration"), ct));
        var root = discovery.RootElement;
        Assert.Equal(new Uri(_idp.Url, "/").ToString(), root.GetProperty("issuer").GetString());
        Assert.Equal(new Uri(_idp.Url, "/connect/authorize").ToString(), root.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(new Uri(_idp.Url, "/connect/token").ToString(), root.GetProperty("token_endpoint").GetString());
        Assert.Equal(["S256"], root.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("RS256", root.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));

        using var jwks = JsonDocument.Parse(await http.GetStringAsync(new Uri(root.GetProperty("jwks_uri").GetString()!), ct));
        Assert.Contains(jwks.RootElement.GetProperty("keys").EnumerateArray(), k => k.GetProperty("kty").GetString() == "RSA");
    }

    [Fact]
    public async Task A_user_logs_in_without_a_browser_and_gets_an_RS256_id_token_with_the_claims_DiracX_checks()
    {
        var ct = TestContext.Current.CancellationToken;
        var tokens = await _idp.LoginAsync("alice", "wonderland", RedirectUri, ct);

        using var http = new HttpClient();
        var keys = new JsonWebKeySet(await http.GetStringAsync(new Uri(_idp.Url, "/.well-known/jwks"), ct)).GetSigningKeys();
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(tokens.IdToken, new TokenValidationParameters
        {
            ValidIssuer = new Uri(_idp.Url, "/").ToString(),
            ValidAudience = "lhcb-dev",
            IssuerSigningKeys = keys,
            ValidAlgorithms = ["RS256"],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("RS256", token.Alg);
        Assert.Equal("sub-alice-1", token.Subject);
        Assert.Equal("alice", token.GetClaim("preferred_username").Value);
        Assert.Equal("alice@example.org", token.GetClaim("email").Value);
        Assert.True(token.TryGetPayloadValue<long>("iat", out _));
        Assert.True(token.ValidTo > token.IssuedAt);
    }

    [Fact]
    public async Task A_wrong_password_shows_the_login_form_again_with_401_and_no_code()
    {
        var ct = TestContext.Current.CancellationToken;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _idp.LoginAsync("alice", "rabbit", RedirectUri, ct));
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid username or password.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_credentials_the_login_form_carries_the_authorization_request_along()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        using var response = await http.GetAsync(AuthorizeUrl(RedirectUri, "S256"), ct);
        var html = await response.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("name=\"client_id\" value=\"lhcb-dev\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"password\" type=\"password\"", html, StringComparison.Ordinal);

        // Submitting the form logs the user in: the provider redirects with a code.
        var fields = new Dictionary<string, string>
        {
            ["client_id"] = "lhcb-dev", ["redirect_uri"] = RedirectUri, ["response_type"] = "code", ["scope"] = "openid",
            ["code_challenge"] = Challenge, ["code_challenge_method"] = "S256", ["state"] = "s1",
            ["username"] = "alice", ["password"] = "wonderland",
        };
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var form = new FormUrlEncodedContent(fields);
        using var posted = await noRedirect.PostAsync(new Uri(_idp.Url, "/connect/authorize"), form, ct);
        Assert.Equal(HttpStatusCode.Found, posted.StatusCode);
        var query = QueryHelpers.ParseQuery(posted.Headers.Location!.Query);
        Assert.Equal("s1", query["state"].ToString());
        Assert.False(string.IsNullOrEmpty(query["code"]));
    }

    [Theory]
    [InlineData("http://evil.example/callback", "S256")]
    [InlineData(RedirectUri, "plain")]
    public async Task Unknown_redirect_uris_and_plain_code_challenges_are_refused(string redirectUri, string method)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var url = QueryHelpers.AddQueryString(AuthorizeUrl(redirectUri, method).ToString(),
            new Dictionary<string, string?> { ["login_hint"] = "alice", ["password"] = "wonderland" });
        using var response = await http.GetAsync(new Uri(url), ct);
        var location = response.Headers.Location?.ToString() ?? "";
        Assert.DoesNotContain("code=", location, StringComparison.Ordinal);
        Assert.False(location.StartsWith("http://evil.example", StringComparison.Ordinal), location);
    }

    [Fact]
    public async Task A_configured_auto_login_user_is_logged_in_without_a_form()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await DevIdpTestServer.StartAsync(
            new DevIdpOptions { ClientId = "lhcb-dev", RedirectUris = [RedirectUri], Users = [s_alice], AutoLoginUser = "alice" }, ct);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(new Uri(idp.Url, AuthorizeUrl(RedirectUri, "S256").PathAndQuery), ct);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith(RedirectUri + "?code=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    // The S256 challenge of RFC 7636 appendix B; the tests that send it never redeem the code.
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private Uri AuthorizeUrl(string redirectUri, string method) => new(QueryHelpers.AddQueryString(
        new Uri(_idp.Url, "/connect/authorize").ToString(), new Dictionary<string, string?>
        {
            ["client_id"] = "lhcb-dev", ["redirect_uri"] = redirectUri, ["response_type"] = "code", ["scope"] = "openid",
            ["code_challenge"] = Challenge, ["code_challenge_method"] = method, ["state"] = "s1",
        }));
}
