using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DiracX.Core.Security;
using DiracX.Logic.Auth;
using Microsoft.Extensions.Time.Testing;
using static DiracX.Routers.Tests.Auth.AuthFlows;

namespace DiracX.Routers.Tests.Auth;

/// <summary>Refresh: rotation, reuse detection, absolute lifetime, listing and revocation.</summary>
public class RefreshTokenTests(AuthFixture fixture) : IClassFixture<AuthFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private HttpClient Client => fixture.Client;

    private async Task<TokenResponse> RefreshedAsync(string refreshToken)
    {
        using var response = await RefreshAsync(Client, refreshToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(Ct))!;
    }

    [Fact]
    public async Task Refresh_rotates_and_the_new_token_keeps_the_session_expiry()
    {
        var first = await DeviceTokensAsync(Client, "vo:lhcb", AuthFixture.Chaen);
        await Task.Delay(1100, Ct);
        var second = await RefreshedAsync(first.RefreshToken!);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(Claims(first.RefreshToken!).GetProperty("jti").GetString(), Claims(second.RefreshToken!).GetProperty("jti").GetString());
        Assert.Equal(Claims(first.RefreshToken!).GetProperty("exp").GetInt64(), Claims(second.RefreshToken!).GetProperty("exp").GetInt64());
        Assert.Equal("chaen", Claims(second.AccessToken).GetProperty("preferred_username").GetString());
    }

    [Fact]
    public async Task Reusing_a_rotated_token_revokes_every_token_of_the_subject()
    {
        var first = await DeviceTokensAsync(Client, "vo:lhcb", AuthFixture.Albdr);
        var other = await DeviceTokensAsync(Client, "vo:lhcb", AuthFixture.Albdr);
        var second = await RefreshedAsync(first.RefreshToken!);

        using var reuse = await RefreshAsync(Client, first.RefreshToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.Equal("Bearer", reuse.Headers.WwwAuthenticate.ToString());
        Assert.Equal("Revoked refresh token reused: potential attack detected. You must authenticate again", await DetailAsync(reuse));

        foreach (var token in new[] { second.RefreshToken!, other.RefreshToken! })
        {
            using var revoked = await RefreshAsync(Client, token);
            Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        }
    }

    [Fact]
    public async Task An_expired_or_foreign_refresh_token_is_401_with_the_reason()
    {
        var past = new DiracXTokenIssuer(fixture.App.Keystore.Keystore, fixture.App.Keystore.Settings,
            new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-1)));
        using var expired = await RefreshAsync(Client, past.Sign(past.CreateRefreshPayload()));
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("expired_token: The token is expired", await DetailAsync(expired));

        using var foreignKeystore = DiracX.Testing.TestKeystore.CreateEd25519();
        using var foreign = await RefreshAsync(Client, foreignKeystore.MintRefreshToken());
        Assert.Equal(HttpStatusCode.Unauthorized, foreign.StatusCode);
        Assert.Contains("No key for kid", await DetailAsync(foreign), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_list_and_revoke_their_own_tokens_and_proxy_managers_everybodys()
    {
        var mine = await DeviceTokensAsync(Client, "vo:lhcb", AuthFixture.Chaen);
        var manager = await DeviceTokensAsync(Client, "vo:lhcb group:lhcb_tokenmgr", AuthFixture.Albdr);
        var myJti = Claims(mine.RefreshToken!).GetProperty("jti").GetString()!;
        var managerJti = Claims(manager.RefreshToken!).GetProperty("jti").GetString()!;

        using var list = await GetWithTokenAsync(Client, "/api/auth/refresh-tokens", mine.AccessToken);
        var rows = await list.Content.ReadFromJsonAsync<JsonElement[]>(Ct);
        Assert.All(rows!, r => Assert.Equal($"lhcb:{AuthFixture.Chaen.Subject}", r.GetProperty("Sub").GetString()));
        Assert.Contains(rows!, r => r.GetProperty("JTI").GetString() == myJti && r.GetProperty("Status").GetInt32() == 1);

        using (var notUuid = await GetWithTokenAsync(Client, "/api/auth/refresh-tokens/not-a-uuid", mine.AccessToken, HttpMethod.Delete))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notUuid.StatusCode);
        }
        using (var unknown = await GetWithTokenAsync(Client, $"/api/auth/refresh-tokens/{Guid.CreateVersion7()}", mine.AccessToken, HttpMethod.Delete))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        using (var others = await GetWithTokenAsync(Client, $"/api/auth/refresh-tokens/{managerJti}", mine.AccessToken, HttpMethod.Delete))
        {
            Assert.Equal(HttpStatusCode.Forbidden, others.StatusCode);
        }
        for (var i = 0; i < 2; i++)
        {
            using var own = await GetWithTokenAsync(Client, $"/api/auth/refresh-tokens/{myJti}", mine.AccessToken, HttpMethod.Delete);
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal("Refresh token revoked", await own.Content.ReadFromJsonAsync<string>(Ct));
        }

        using var all = await GetWithTokenAsync(Client, "/api/auth/refresh-tokens", manager.AccessToken);
        var everyRow = await all.Content.ReadFromJsonAsync<JsonElement[]>(Ct);
        Assert.Contains(everyRow!, r => r.GetProperty("JTI").GetString() == myJti && r.GetProperty("Status").GetInt32() == 2);
        using var managerRevokes = await GetWithTokenAsync(Client, $"/api/auth/refresh-tokens/{managerJti}", manager.AccessToken, HttpMethod.Delete);
        Assert.Equal(HttpStatusCode.OK, managerRevokes.StatusCode);
    }

    [Fact]
    public async Task Rfc7009_revocation_answers_200_for_anything_but_a_bad_client_or_an_access_token_hint()
    {
        var tokens = await DeviceTokensAsync(Client, "vo:lhcb", AuthFixture.Chaen);
        async Task<HttpResponseMessage> RevokeAsync(params (string, string)[] form) =>
            await Client.PostAsync("/api/auth/revoke", new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Item1, f.Item2))), Ct);

        using (var garbage = await RevokeAsync(("token", "garbage")))
        {
            Assert.Equal(HttpStatusCode.OK, garbage.StatusCode);
        }
        using (var access = await RevokeAsync(("token", tokens.AccessToken)))
        {
            Assert.Equal(HttpStatusCode.OK, access.StatusCode);
        }
        using (var hint = await RevokeAsync(("token", tokens.AccessToken), ("token_type_hint", "access_token")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, hint.StatusCode);
            Assert.Equal("unsupported_token_type", await DetailAsync(hint));
        }
        using (var client = await RevokeAsync(("token", tokens.RefreshToken!), ("client_id", "nope")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, client.StatusCode);
            Assert.Equal("Unrecognised client_id", await DetailAsync(client));
        }
        using (var revoked = await RevokeAsync(("token", tokens.RefreshToken!)))
        {
            Assert.Equal("Refresh token revoked", await revoked.Content.ReadFromJsonAsync<string>(Ct));
        }
        using var refresh = await RefreshAsync(Client, tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Fact]
    public async Task Userinfo_and_refresh_tokens_need_a_valid_access_token()
    {
        using var userinfo = await Client.GetAsync("/api/auth/userinfo", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, userinfo.StatusCode);
        using var list = await GetWithTokenAsync(Client, "/api/auth/refresh-tokens", "not-a-jwt");
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
    }
}
