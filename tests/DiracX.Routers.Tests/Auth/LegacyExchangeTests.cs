using System.Net;
using System.Net.Http.Json;
using System.Text;
using DiracX.Logic.Auth;
using static DiracX.Routers.Tests.Auth.AuthFlows;

namespace DiracX.Routers.Tests.Auth;

/// <summary>The legacy DIRAC exchange: secret check, identity from the registry, non-rotated sessions.</summary>
public class LegacyExchangeTests(AuthFixture fixture) : IClassFixture<AuthFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Header(byte[] secret) => "Bearer diracx:legacy:" + Convert.ToBase64String(secret).Replace('+', '-').Replace('/', '_');

    private Task<HttpResponseMessage> ExchangeAsync(string authorization, string username = "chaen", string scope = "vo:lhcb", int? expiresMinutes = null)
    {
        var url = Url("/api/auth/legacy-exchange", ("preferred_username", username), ("scope", scope));
        if (expiresMinutes is { } m)
        {
            url += $"&expires_minutes={m}";
        }
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return fixture.Client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task The_secret_holder_gets_a_session_that_is_not_rotated()
    {
        using var response = await ExchangeAsync(Header(AuthFixture.LegacySecret), expiresMinutes: 600);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = (await response.Content.ReadFromJsonAsync<TokenResponse>(Ct))!;
        var refresh = Claims(tokens.RefreshToken!);
        Assert.True(refresh.GetProperty("legacy_exchange").GetBoolean());
        var lifetime = DateTimeOffset.FromUnixTimeSeconds(refresh.GetProperty("exp").GetInt64()) - DateTimeOffset.UtcNow;
        Assert.InRange(lifetime.TotalMinutes, 590, 601);
        Assert.Equal("chaen", Claims(tokens.AccessToken).GetProperty("preferred_username").GetString());

        using var refreshed = await RefreshAsync(fixture.Client, tokens.RefreshToken!);
        var again = (await refreshed.Content.ReadFromJsonAsync<TokenResponse>(Ct))!;
        Assert.Equal(tokens.RefreshToken, again.RefreshToken);
        Assert.NotEqual(tokens.AccessToken, again.AccessToken);
    }

    [Theory]
    [InlineData("Bearer something-else", HttpStatusCode.BadRequest, "Invalid authorization header")]
    [InlineData("Bearer diracx:legacy:d3Jvbmc=", HttpStatusCode.Unauthorized, "Invalid credentials")]
    public async Task A_bad_header_or_secret_is_refused(string authorization, HttpStatusCode status, string detail)
    {
        using var response = await ExchangeAsync(authorization);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(detail, await DetailAsync(response));
    }

    [Theory]
    [InlineData("nobody", "vo:lhcb")]
    [InlineData("chaen", "vo:atlas")]
    public async Task An_unknown_user_or_scope_is_400(string username, string scope)
    {
        using var response = await ExchangeAsync(Header(AuthFixture.LegacySecret), username, scope);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid scope or preferred_username", await DetailAsync(response));
    }

    [Fact]
    public void The_secret_header_format_is_diracx_base64url()
    {
        Assert.Equal("Bearer diracx:legacy:" + Convert.ToBase64String(Encoding.ASCII.GetBytes("legacy-exchange-secret-for-tests")).Replace('+', '-').Replace('/', '_'),
            Header(AuthFixture.LegacySecret));
    }
}
