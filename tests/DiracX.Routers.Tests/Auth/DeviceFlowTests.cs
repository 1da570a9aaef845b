using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DiracX.Logic.Auth;
using static DiracX.Routers.Tests.Auth.AuthFlows;

namespace DiracX.Routers.Tests.Auth;

/// <summary>The device flow end to end over HTTP against a real OIDC provider, and every error of its rows.</summary>
public class DeviceFlowTests(AuthFixture fixture) : IClassFixture<AuthFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task A_scripted_device_flow_returns_diracx_tokens_that_work_on_userinfo()
    {
        var flow = await StartDeviceFlowAsync(Client, "vo:lhcb property:ProductionManagement");
        Assert.Matches("^[BCDFGHJKLMNPQRSTVWXZ]{8}$", flow.UserCode);
        Assert.Equal("http://localhost/api/auth/device", flow.VerificationUri);
        Assert.Equal($"http://localhost/api/auth/device?user_code={flow.UserCode}", flow.VerificationUriComplete);
        Assert.Equal(600, flow.ExpiresIn);

        using (var pending = await PollAsync(Client, flow.DeviceCode))
        {
            Assert.Equal(HttpStatusCode.BadRequest, pending.StatusCode);
            Assert.Equal("""{"error":"authorization_pending"}""", await pending.Content.ReadAsStringAsync(Ct));
        }
        var callback = await LoginAtIdpAsync(Client, flow.VerificationUriComplete, AuthFixture.Chaen);
        Assert.Equal("/api/auth/device/complete", callback.AbsolutePath);
        using (var completed = await CallbackAsync(Client, callback))
        {
            Assert.Equal(HttpStatusCode.TemporaryRedirect, completed.StatusCode);
            Assert.Equal("http://localhost/api/auth/device/complete/finished", completed.Headers.Location!.ToString());
        }
        using (var finished = await Client.GetAsync("/api/auth/device/complete/finished", Ct))
        {
            Assert.Equal("text/html", finished.Content.Headers.ContentType!.MediaType);
            Assert.Equal("<h1>Please close the window</h1>", await finished.Content.ReadAsStringAsync(Ct));
        }
        using var tokenResponse = await PollAsync(Client, flow.DeviceCode);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var tokens = (await tokenResponse.Content.ReadFromJsonAsync<TokenResponse>(Ct))!;
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal(20 * 60, tokens.ExpiresIn);

        using var userinfo = await GetWithTokenAsync(Client, "/api/auth/userinfo", tokens.AccessToken);
        var me = await userinfo.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal($"lhcb:{AuthFixture.Chaen.Subject}", me.GetProperty("sub").GetString());
        Assert.Equal("chaen", me.GetProperty("preferred_username").GetString());
        Assert.Equal("lhcb_user", me.GetProperty("dirac_group").GetString());
        Assert.Equal(["NormalUser", "PrivateLimitedDelegation", "ProductionManagement"],
            me.GetProperty("properties").EnumerateArray().Select(p => p.GetString()));

        using var reused = await PollAsync(Client, flow.DeviceCode);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("Code was already used", await DetailAsync(reused));
    }

    [Fact]
    public async Task Polling_faster_than_the_interval_gets_slow_down()
    {
        var flow = await StartDeviceFlowAsync(Client, "vo:lhcb");
        (await PollAsync(Client, flow.DeviceCode)).Dispose();
        using var fast = await PollAsync(Client, flow.DeviceCode);
        Assert.Equal(HttpStatusCode.BadRequest, fast.StatusCode);
        Assert.Equal("""{"error":"slow_down"}""", await fast.Content.ReadAsStringAsync(Ct));
        await Task.Delay(TimeSpan.FromSeconds(1.1), Ct);
        using var later = await PollAsync(Client, flow.DeviceCode);
        Assert.Equal("""{"error":"authorization_pending"}""", await later.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("Unknown client ID", "vo:lhcb", "Unrecognised client ID")]
    [InlineData(ClientId, "vo:lhcb group:nope", "nope not in lhcb groups")]
    [InlineData(ClientId, "vo:lhcb property:Wizard", "{'Wizard'} are not valid properties")]
    [InlineData(ClientId, "group:lhcb_user", "No vo scope requested, available values: 'vo:lhcb' 'vo:gridpp'")]
    public async Task Starting_with_a_bad_client_or_scope_is_400(string clientId, string scope, string detail)
    {
        using var response = await Client.PostAsync(Url("/api/auth/device", ("client_id", clientId), ("scope", scope)), null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(detail, await DetailAsync(response));
    }

    [Fact]
    public async Task An_unknown_user_code_is_400()
    {
        using var response = await Client.GetAsync("/api/auth/device?user_code=BBBBBBBB", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("No row was found when one was required", await DetailAsync(response));
    }

    [Fact]
    public async Task Unknown_or_foreign_device_codes_are_400_not_500()
    {
        using var unknown = await PollAsync(Client, "not-a-device-code");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("Invalid device code", await DetailAsync(unknown));
    }

    [Fact]
    public async Task Callbacks_with_a_bad_state_or_code_or_replayed_are_refused()
    {
        var flow = await StartDeviceFlowAsync(Client, "vo:lhcb");
        var callback = await LoginAtIdpAsync(Client, flow.VerificationUriComplete, AuthFixture.Chaen);
        var state = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query)["state"].ToString();

        using (var badState = await Client.GetAsync(Url("/api/auth/device/complete", ("code", "x"), ("state", "invalid-state")), Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
            Assert.Equal("Invalid state", await DetailAsync(badState));
        }
        using (var badCode = await Client.GetAsync(Url("/api/auth/device/complete", ("code", "invalid-code"), ("state", state)), Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, badCode.StatusCode);
            Assert.Equal("Failed to contact IAM server", await DetailAsync(badCode));
        }
        using (var ok = await CallbackAsync(Client, callback))
        {
            Assert.Equal(HttpStatusCode.TemporaryRedirect, ok.StatusCode);
        }
        using var replay = await CallbackAsync(Client, callback);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);

        using var wrongClient = await PollAsync(Client, flow.DeviceCode, "Unknown client ID");
        Assert.Equal(HttpStatusCode.BadRequest, wrongClient.StatusCode);
        Assert.Equal("Bad client_id", await DetailAsync(wrongClient));
        using var right = await PollAsync(Client, flow.DeviceCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task An_idp_subject_that_is_not_a_registered_user_is_403_not_registered()
    {
        using var response = await DeviceLoginAsync(Client, "vo:lhcb", AuthFixture.Stranger);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("not registered", await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_the_user_is_not_in_is_403()
    {
        using var response = await DeviceLoginAsync(Client, "vo:lhcb group:lhcb_admin", AuthFixture.Chaen);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("User is not a member of the requested group (chaen, lhcb_admin)", await DetailAsync(response));
    }

    [Fact]
    public async Task A_property_the_user_holds_in_no_group_is_403()
    {
        using var response = await DeviceLoginAsync(Client, "vo:lhcb property:JobAdministrator", AuthFixture.Chaen);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.StartsWith("JobAdministrator are not valid properties for user chaen, available values: ", await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_of_another_vo_logs_in_to_that_vo()
    {
        var tokens = await DeviceTokensAsync(Client, "vo:gridpp", AuthFixture.Alice);
        var claims = Claims(tokens.AccessToken);
        Assert.Equal("gridpp", claims.GetProperty("vo").GetString());
        Assert.Equal("alice", claims.GetProperty("preferred_username").GetString());
    }
}
