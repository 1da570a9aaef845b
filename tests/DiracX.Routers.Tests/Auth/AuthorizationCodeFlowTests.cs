using System.Net;
using System.Net.Http.Json;
using DiracX.Logic.Auth;
using DiracX.Testing;
using Microsoft.AspNetCore.WebUtilities;
using static DiracX.Routers.Tests.Auth.AuthFlows;

namespace DiracX.Routers.Tests.Auth;

/// <summary>The authorization-code flow with PKCE end to end against a real OIDC provider, and its error rows.</summary>
public class AuthorizationCodeFlowTests(AuthFixture fixture) : IClassFixture<AuthFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private HttpClient Client => fixture.Client;

    private static string AuthorizeUrl(string challenge, string clientId = ClientId, string redirectUri = AuthFixture.ClientRedirectUri,
        string scope = "vo:lhcb property:ProductionManagement", string responseType = "code", string method = "S256") =>
        Url("/api/auth/authorize", ("response_type", responseType), ("code_challenge", challenge), ("code_challenge_method", method),
            ("client_id", clientId), ("redirect_uri", redirectUri), ("scope", scope), ("state", "external-state"));

    /// <summary>Starts the flow and logs in at the DevIdp; returns the IdP's callback on DiracX.</summary>
    private async Task<Uri> LoginAsync(string challenge)
    {
        using var redirect = await Client.GetAsync(AuthorizeUrl(challenge), Ct);
        Assert.True(redirect.StatusCode == HttpStatusCode.TemporaryRedirect, await redirect.Content.ReadAsStringAsync(Ct));
        Assert.StartsWith(fixture.Idp.Url.GetLeftPart(UriPartial.Authority), redirect.Headers.Location!.ToString(), StringComparison.Ordinal);
        return await DevIdpLogin.AuthorizeAsync(redirect.Headers.Location!, AuthFixture.Chaen.Username, AuthFixture.Chaen.Password, Ct);
    }

    private async Task<string> DiracCodeAsync(Uri callback)
    {
        using var response = await CallbackAsync(Client, callback);
        Assert.True(response.StatusCode == HttpStatusCode.TemporaryRedirect, await response.Content.ReadAsStringAsync(Ct));
        var location = response.Headers.Location!;
        Assert.Equal(AuthFixture.ClientRedirectUri, location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("external-state", query["state"].ToString());
        return query["code"].ToString();
    }

    private Task<HttpResponseMessage> RedeemAsync(string code, string verifier, string clientId = ClientId, string redirectUri = AuthFixture.ClientRedirectUri) =>
        TokenAsync(Client, ("grant_type", GrantTypes.AuthorizationCode), ("code", code), ("client_id", clientId),
            ("redirect_uri", redirectUri), ("code_verifier", verifier));

    [Fact]
    public async Task A_browser_login_gives_a_single_use_code_that_redeems_for_tokens()
    {
        var verifier = Pkce.NewVerifier();
        var code = await DiracCodeAsync(await LoginAsync(Pkce.ChallengeOf(verifier)));

        using (var wrongVerifier = await RedeemAsync(code, Pkce.NewVerifier()))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrongVerifier.StatusCode);
            Assert.Equal("Invalid code_challenge", await DetailAsync(wrongVerifier));
        }
        using (var wrongClient = await RedeemAsync(code, verifier, clientId: "Unknown client ID"))
        {
            Assert.Equal("Bad client_id", await DetailAsync(wrongClient));
        }
        using (var wrongRedirect = await RedeemAsync(code, verifier, redirectUri: "http://diracx.test.unrecognized:8000/x"))
        {
            Assert.Equal("Invalid redirect_uri", await DetailAsync(wrongRedirect));
        }
        using var ok = await RedeemAsync(code, verifier);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var tokens = (await ok.Content.ReadFromJsonAsync<TokenResponse>(Ct))!;
        var claims = Claims(tokens.AccessToken);
        Assert.Equal("chaen", claims.GetProperty("preferred_username").GetString());
        Assert.Contains("ProductionManagement", claims.GetProperty("dirac_properties").EnumerateArray().Select(p => p.GetString()));

        using var reused = await RedeemAsync(code, verifier);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("Code was already used", await DetailAsync(reused));
    }

    [Fact]
    public async Task An_unknown_code_is_400_not_500()
    {
        using var response = await RedeemAsync("never-issued", Pkce.NewVerifier());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid code", await DetailAsync(response));
    }

    [Theory]
    [InlineData("Unknown client ID", AuthFixture.ClientRedirectUri, "Unrecognised client_id")]
    [InlineData(ClientId, "http://diracx.test.unrecognized:8000/api/docs/oauth2-redirect", "Unrecognised redirect_uri")]
    public async Task A_bad_client_or_redirect_uri_is_400(string clientId, string redirectUri, string detail)
    {
        using var response = await Client.GetAsync(AuthorizeUrl("challenge", clientId, redirectUri), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(detail, await DetailAsync(response));
    }

    [Fact]
    public async Task Wrong_literal_values_are_422()
    {
        using var responseType = await Client.GetAsync(AuthorizeUrl("challenge", responseType: "token"), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, responseType.StatusCode);
        using var method = await Client.GetAsync(AuthorizeUrl("challenge", method: "plain"), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, method.StatusCode);
    }

    [Fact]
    public async Task Callbacks_with_a_bad_state_or_code_or_replayed_are_refused()
    {
        var callback = await LoginAsync(Pkce.ChallengeOf(Pkce.NewVerifier()));
        var state = QueryHelpers.ParseQuery(callback.Query)["state"].ToString();
        using (var badState = await Client.GetAsync(Url("/api/auth/authorize/complete", ("code", "x"), ("state", "invalid-state")), Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
            Assert.Equal("Invalid state", await DetailAsync(badState));
        }
        using (var badCode = await Client.GetAsync(Url("/api/auth/authorize/complete", ("code", "invalid-code"), ("state", state)), Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, badCode.StatusCode);
            Assert.Equal("Invalid code", await DetailAsync(badCode));
        }
        await DiracCodeAsync(callback);
        using var replay = await CallbackAsync(Client, callback);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
    }

    [Fact]
    public async Task An_unknown_grant_type_is_422()
    {
        using var response = await TokenAsync(Client, ("grant_type", "password"), ("client_id", ClientId));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task A_scope_or_challenge_longer_than_its_column_is_a_422_naming_the_parameter_not_a_500()
    {
        var longScope = "vo:lhcb" + string.Concat(Enumerable.Repeat(" property:NormalUser", 60));
        async Task AssertTooLong(string url, string parameter, int max)
        {
            using var response = await Client.GetAsync(url, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode} {body}");
            var problem = System.Text.Json.Nodes.JsonNode.Parse(body)!["detail"]![0]!;
            Assert.Equal($"""["query","{parameter}"]""", problem["loc"]!.ToJsonString());
            Assert.Equal("string_too_long", (string?)problem["type"]);
            Assert.Equal($"String should have at most {max} characters", (string?)problem["msg"]);
        }
        await AssertTooLong(AuthorizeUrl(new string('a', 256)), "code_challenge", 255);
        await AssertTooLong(AuthorizeUrl("challenge", scope: longScope), "scope", 1024);
        using var device = await Client.PostAsync(Url("/api/auth/device", ("client_id", ClientId), ("scope", longScope)), null, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, device.StatusCode);
        Assert.Contains("\"loc\":[\"query\",\"scope\"]", await device.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
