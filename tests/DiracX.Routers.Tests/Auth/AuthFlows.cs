using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DiracX.DevIdp;
using DiracX.Logic.Auth;
using DiracX.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace DiracX.Routers.Tests.Auth;

/// <summary>The login flows driven over HTTP as the DiracX CLI and a browser would, against the fixture's DevIdp.</summary>
public static class AuthFlows
{
    public const string ClientId = "myDIRACClientID";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>POST /api/auth/device.</summary>
    public static async Task<InitiateDeviceFlowResponse> StartDeviceFlowAsync(HttpClient client, string scope)
    {
        using var response = await client.PostAsync(Url("/api/auth/device", ("client_id", ClientId), ("scope", scope)), null, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<InitiateDeviceFlowResponse>(Ct))!;
    }

    /// <summary>Opens the verification URI, logs in at the DevIdp and returns the IdP's callback URL (not yet followed).</summary>
    public static async Task<Uri> LoginAtIdpAsync(HttpClient client, string verificationUriComplete, DevIdpUser user)
    {
        using var redirect = await client.GetAsync(new Uri(verificationUriComplete), Ct);
        Assert.True(redirect.StatusCode == HttpStatusCode.TemporaryRedirect, await redirect.Content.ReadAsStringAsync(Ct));
        return await DevIdpLogin.AuthorizeAsync(redirect.Headers.Location!, user.Username, user.Password, Ct);
    }

    /// <summary>Follows the IdP's callback on DiracX (the browser's last step).</summary>
    public static Task<HttpResponseMessage> CallbackAsync(HttpClient client, Uri callback) => client.GetAsync(callback.PathAndQuery, Ct);

    /// <summary>POST /api/auth/token with a form.</summary>
    public static Task<HttpResponseMessage> TokenAsync(HttpClient client, params (string Name, string Value)[] form)
    {
        var content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        return client.PostAsync("/api/auth/token", content, Ct);
    }

    /// <summary>POST /api/auth/token for a device code.</summary>
    public static Task<HttpResponseMessage> PollAsync(HttpClient client, string deviceCode, string clientId = ClientId) =>
        TokenAsync(client, ("grant_type", GrantTypes.DeviceCode), ("device_code", deviceCode), ("client_id", clientId));

    /// <summary>POST /api/auth/token for a refresh token.</summary>
    public static Task<HttpResponseMessage> RefreshAsync(HttpClient client, string refreshToken) =>
        TokenAsync(client, ("grant_type", GrantTypes.RefreshToken), ("refresh_token", refreshToken), ("client_id", ClientId));

    /// <summary>A whole device flow; returns the token endpoint's answer.</summary>
    public static async Task<HttpResponseMessage> DeviceLoginAsync(HttpClient client, string scope, DevIdpUser user)
    {
        var flow = await StartDeviceFlowAsync(client, scope);
        var callback = await LoginAtIdpAsync(client, flow.VerificationUriComplete, user);
        using var completed = await CallbackAsync(client, callback);
        Assert.True(completed.StatusCode == HttpStatusCode.TemporaryRedirect, await completed.Content.ReadAsStringAsync(Ct));
        return await PollAsync(client, flow.DeviceCode);
    }

    /// <summary>A whole device flow that must succeed.</summary>
    public static async Task<TokenResponse> DeviceTokensAsync(HttpClient client, string scope, DevIdpUser user)
    {
        using var response = await DeviceLoginAsync(client, scope, user);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(Ct))!;
    }

    /// <summary>An HTTP GET with a bearer token.</summary>
    public static Task<HttpResponseMessage> GetWithTokenAsync(HttpClient client, string path, string accessToken, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", accessToken);
        return client.SendAsync(request, Ct);
    }

    /// <summary>The claims of a JWT (unverified), for assertions.</summary>
    public static JsonElement Claims(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))).RootElement.Clone();
    }

    /// <summary>The detail of an error response.</summary>
    public static async Task<string?> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString();

    public static string Url(string path, params (string Name, string Value)[] query) =>
        QueryHelpers.AddQueryString(path, query.Select(q => KeyValuePair.Create(q.Name, (string?)q.Value)));
}
