using System.Net;
using System.Net.Http.Json;
using DiracX.Logic.Auth;
using DiracX.Testing;
using Microsoft.AspNetCore.WebUtilities;
using static DiracX.Routers.Tests.Auth.AuthFlows;

namespace DiracX.Routers.Tests.Auth;

/// <summary>One-time credentials (a refresh token, a device code) redeemed by many clients at once are redeemed once.</summary>
public class AuthConcurrencyTests(AuthFixture fixture) : IClassFixture<AuthFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task One_refresh_token_redeemed_eight_times_at_once_rotates_once_and_the_reuse_revokes_the_session()
    {
        for (var repetition = 0; repetition < 5; repetition++)
        {
            var tokens = await DeviceTokensAsync(Client, "vo:lhcb", AuthFixture.Chaen);

            var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RefreshAsync(Client, tokens.RefreshToken!)));

            var codes = responses.Select(r => r.StatusCode).ToList();
            Assert.Equal(1, codes.Count(c => c == HttpStatusCode.OK));
            Assert.Equal(7, codes.Count(c => c == HttpStatusCode.Unauthorized));
            // The reuse detected by the losers revokes every token of the subject, the winner's new one included.
            var winner = (await responses.Single(r => r.StatusCode == HttpStatusCode.OK).Content.ReadFromJsonAsync<TokenResponse>(Ct))!;
            using var again = await RefreshAsync(Client, winner.RefreshToken!);
            Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        }
    }

    [Fact]
    public async Task A_device_code_polled_eight_times_at_once_gives_tokens_once()
    {
        for (var repetition = 0; repetition < 5; repetition++)
        {
            var flow = await StartDeviceFlowAsync(Client, "vo:lhcb");
            var callback = await LoginAtIdpAsync(Client, flow.VerificationUriComplete, AuthFixture.Chaen);
            using (var completed = await CallbackAsync(Client, callback))
            {
                Assert.Equal(HttpStatusCode.TemporaryRedirect, completed.StatusCode);
            }

            var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PollAsync(Client, flow.DeviceCode)));

            var codes = responses.Select(r => r.StatusCode).ToList();
            Assert.Equal(1, codes.Count(c => c == HttpStatusCode.OK));
            Assert.Equal(7, codes.Count(c => c == HttpStatusCode.BadRequest));
        }
    }

    [Fact]
    public async Task An_authorization_code_redeemed_eight_times_at_once_gives_tokens_once()
    {
        for (var repetition = 0; repetition < 5; repetition++)
        {
            var verifier = Pkce.NewVerifier();
            var authorize = Url("/api/auth/authorize", ("response_type", "code"), ("code_challenge", Pkce.ChallengeOf(verifier)),
                ("code_challenge_method", "S256"), ("client_id", ClientId), ("redirect_uri", AuthFixture.ClientRedirectUri),
                ("scope", "vo:lhcb"), ("state", "s"));
            using var redirect = await Client.GetAsync(authorize, Ct);
            Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
            var callback = await DevIdpLogin.AuthorizeAsync(redirect.Headers.Location!, AuthFixture.Chaen.Username, AuthFixture.Chaen.Password, Ct);
            using var completed = await CallbackAsync(Client, callback);
            Assert.Equal(HttpStatusCode.TemporaryRedirect, completed.StatusCode);
            var code = QueryHelpers.ParseQuery(completed.Headers.Location!.Query)["code"].ToString();

            var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => TokenAsync(Client, ("grant_type", GrantTypes.AuthorizationCode),
                ("code", code), ("client_id", ClientId), ("redirect_uri", AuthFixture.ClientRedirectUri), ("code_verifier", verifier))));

            var codes = responses.Select(r => r.StatusCode).ToList();
            Assert.Equal(1, codes.Count(c => c == HttpStatusCode.OK));
            Assert.Equal(7, codes.Count(c => c == HttpStatusCode.BadRequest));
        }
    }

    [Fact]
    public async Task The_identity_provider_s_callback_followed_four_times_at_once_completes_the_flow_once_without_a_5xx()
    {
        for (var repetition = 0; repetition < 3; repetition++)
        {
            var flow = await StartDeviceFlowAsync(Client, "vo:lhcb");
            var callback = await LoginAtIdpAsync(Client, flow.VerificationUriComplete, AuthFixture.Chaen);

            var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => CallbackAsync(Client, callback)));

            var codes = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.True(codes.All(c => c < 500), string.Join(", ", codes));
            Assert.Contains(307, codes);
            using var tokens = await PollAsync(Client, flow.DeviceCode);
            Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        }
    }

    [Fact]
    public async Task Refreshes_of_live_tokens_racing_reuses_of_rotated_ones_of_one_subject_give_no_5xx()
    {
        for (var repetition = 0; repetition < 3; repetition++)
        {
            var live = new List<string>();
            var rotated = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                var tokens = await DeviceTokensAsync(Client, "vo:lhcb", AuthFixture.Albdr);
                using var refreshed = await RefreshAsync(Client, tokens.RefreshToken!);
                Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
                rotated.Add(tokens.RefreshToken!);
                live.Add((await refreshed.Content.ReadFromJsonAsync<TokenResponse>(Ct))!.RefreshToken!);
            }

            var responses = await Task.WhenAll(live.Concat(rotated).Select(t => RefreshAsync(Client, t)));

            var codes = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.True(codes.All(c => c is 200 or 401), string.Join(", ", codes));
            Assert.All(codes.Skip(live.Count), c => Assert.Equal(401, c));
        }
    }
}
