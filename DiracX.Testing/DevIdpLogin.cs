using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;

namespace DiracX.Testing;

/// <summary>The tokens of a completed DevIdp login.</summary>
/// <param name="IdToken">The RS256 id_token (sub, preferred_username, email, iss, aud = client id, exp, iat).</param>
/// <param name="AccessToken">The provider's access token.</param>
public sealed record DevIdpTokens(string IdToken, string AccessToken);

/// <summary>
/// Drives the DevIdp's authorization code flow with HttpClient, as a browser would but without one: the credentials
/// go in <c>login_hint</c> and <c>password</c> query parameters.
/// </summary>
public static class DevIdpLogin
{
    /// <summary>
    /// Sends an authorization request (e.g. the URL DiracX redirects a user to) with the user's credentials and returns
    /// the provider's redirect, which carries <c>code</c> and <c>state</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The provider did not redirect (bad credentials or request); the message holds its answer.</exception>
    public static async Task<Uri> AuthorizeAsync(Uri authorizationRequest, string username, string password, CancellationToken cancellationToken)
    {
        var url = QueryHelpers.AddQueryString(authorizationRequest.ToString(),
            new Dictionary<string, string?> { ["login_hint"] = username, ["password"] = password });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(new Uri(url), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Found || response.Headers.Location is null)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"The DevIdp answered {(int)response.StatusCode} instead of redirecting: {body}");
        }
        return response.Headers.Location;
    }

    /// <summary>Runs the whole flow as the DevIdp's public client (PKCE S256) and redeems the code at the token endpoint.</summary>
    public static async Task<DevIdpTokens> LoginAsync(this DevIdpTestServer idp, string username, string password, string redirectUri,
        CancellationToken cancellationToken)
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var request = QueryHelpers.AddQueryString(new Uri(idp.Url, "/connect/authorize").ToString(), new Dictionary<string, string?>
        {
            ["client_id"] = idp.ClientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = "openid profile email",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = Guid.NewGuid().ToString("N"),
        });
        var redirect = await AuthorizeAsync(new Uri(request), username, password, cancellationToken);
        var code = QueryHelpers.ParseQuery(redirect.Query)["code"].ToString();
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = idp.ClientId,
            ["redirect_uri"] = redirectUri,
            ["code"] = code,
            ["code_verifier"] = verifier,
        });
        using var response = await http.PostAsync(new Uri(idp.Url, "/connect/token"), form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The DevIdp's token endpoint answered {(int)response.StatusCode}: {body}");
        }
        var tokens = System.Text.Json.JsonSerializer.Deserialize<TokenResponse>(body)!;
        return new DevIdpTokens(tokens.IdToken, tokens.AccessToken);
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("id_token")] string IdToken,
        [property: JsonPropertyName("access_token")] string AccessToken);
}
