using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Client.Generated;
using JsonObject = System.Text.Json.Nodes.JsonObject;

namespace DiracX.Client.Operations;

/// <summary>The answer to one poll of the device flow: tokens, or the pending/error code.</summary>
/// <param name="Tokens">The tokens once the user has logged in.</param>
/// <param name="Error">The OAuth error (<c>authorization_pending</c>, <c>slow_down</c>, ...) or the server's detail.</param>
public sealed record DeviceFlowPoll(TokenResponse? Tokens, string? Error)
{
    /// <summary>The user has not finished logging in yet.</summary>
    public bool IsPending => Error is "authorization_pending" or "slow_down";
}

/// <summary>
/// The form-encoded auth operations that DiracX's client patches by hand (token endpoint discovery, the device-code
/// and refresh-token grants, revocation). They go out without a bearer token.
/// </summary>
public sealed class TokenClient(HttpClient http, string clientId)
{
    private Uri? _tokenEndpoint;

    /// <summary>The start of the message of the exception thrown when the server refuses a refresh (DiracX's words).</summary>
    public const string RefreshFailed = "An issue occurred while refreshing your access token";

    /// <summary>The OAuth client id sent with every grant.</summary>
    public string ClientId => clientId;

    /// <summary>The token endpoint from <c>/.well-known/openid-configuration</c> (fetched once).</summary>
    public async Task<Uri> GetTokenEndpointAsync(CancellationToken cancellationToken)
    {
        if (_tokenEndpoint is null)
        {
            using var response = await http.GetAsync(new Uri(".well-known/openid-configuration", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            var document = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
            _tokenEndpoint = new Uri(document?["token_endpoint"]?.GetValue<string>()
                ?? throw new InvalidOperationException("Cannot fetch any information from the .well-known endpoint"));
        }
        return _tokenEndpoint;
    }

    /// <summary>Exchanges a refresh token for new tokens (the refresh token rotates).</summary>
    /// <exception cref="DiracXApiException">The server refused (e.g. a revoked or reused token).</exception>
    public async Task<TokenResponse> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var endpoint = await GetTokenEndpointAsync(cancellationToken).ConfigureAwait(false);
        using var response = await PostFormAsync(endpoint, cancellationToken,
            ("grant_type", "refresh_token"), ("client_id", clientId), ("refresh_token", refreshToken)).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new DiracXApiException($"{RefreshFailed}: {DiracXErrors.Detail(body) ?? body}",
                (int)response.StatusCode, body, Headers(response), null);
        }
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>One poll of the device flow (<c>POST /api/auth/token</c> with the device code).</summary>
    public async Task<DeviceFlowPoll> PollDeviceFlowAsync(string deviceCode, CancellationToken cancellationToken)
    {
        using var response = await PostFormAsync(new Uri("api/auth/token", UriKind.Relative), cancellationToken,
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("client_id", clientId), ("device_code", deviceCode)).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return new DeviceFlowPoll(JsonSerializer.Deserialize<TokenResponse>(body), null);
        }
        if ((int)response.StatusCode is 400 or 401 && TryReadError(body) is { } error)
        {
            return new DeviceFlowPoll(null, error);
        }
        throw new DiracXApiException("The token endpoint refused the device code", (int)response.StatusCode, body, Headers(response), null);
    }

    /// <summary>Revokes a refresh token (RFC 7009, <c>POST /api/auth/revoke</c>).</summary>
    public async Task RevokeAsync(string refreshToken, CancellationToken cancellationToken)
    {
        using var response = await PostFormAsync(new Uri("api/auth/revoke", UriKind.Relative), cancellationToken,
            ("token", refreshToken), ("token_type_hint", "refresh_token"), ("client_id", clientId)).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> PostFormAsync(Uri uri, CancellationToken cancellationToken, params (string Name, string Value)[] form)
    {
        using var content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        return await http.PostAsync(uri, content, cancellationToken).ConfigureAwait(false);
    }

    private static string? TryReadError(string body)
    {
        try
        {
            var node = JsonNode.Parse(body) as JsonObject;
            if (node?["error"] is JsonValue error)
            {
                return error.GetValue<string>();
            }
            return node?["detail"] switch
            {
                JsonValue v => v.ToString(),
                JsonObject o when o["error"] is JsonValue e => e.GetValue<string>(),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new DiracXApiException($"The server answered {(int)response.StatusCode}", (int)response.StatusCode, body, Headers(response), null);
        }
    }

    internal static Dictionary<string, IEnumerable<string>> Headers(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => h.Value);
}
