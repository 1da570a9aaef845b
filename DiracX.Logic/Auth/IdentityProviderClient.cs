using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Core.Configuration;
using DiracX.Core.Errors;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace DiracX.Logic.Auth;

/// <summary>The identity a VO's identity provider vouched for: its subject and the validated ID-token claims.</summary>
/// <param name="Subject">The <c>sub</c> claim (the key of the user in <c>Registry/&lt;vo&gt;/Users</c>).</param>
/// <param name="ClaimsJson">The ID token's payload (JSON), as stored in AuthDB.</param>
public sealed record IdpIdentity(string Subject, string ClaimsJson);

/// <summary>
/// DiracX's side of the login at a VO's identity provider (OpenID Connect, DiracX as a public client with PKCE):
/// discovery and keys cached per provider (a VO added to the configuration gets its own entry, no restart needed),
/// the authorization request, the code exchange and the ID-token validation (signature against the provider's JWKS,
/// <c>iss</c>, <c>aud</c> = the VO's client id, <c>exp</c> (against the real clock: the IdP's), <c>iat</c>, <c>sub</c>).
/// </summary>
public sealed class IdentityProviderClient(HttpClient http, TimeSpan metadataLifetime)
{
    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _managers = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>
    /// The URL that sends the user to the provider: a new PKCE verifier is made and carried, with <c>vo</c> and the
    /// caller's <paramref name="state"/>, in the encrypted state (DiracX's <c>initiate_authorization_flow_with_iam</c>).
    /// </summary>
    /// <exception cref="IdentityProviderException">502 when the provider's metadata cannot be read.</exception>
    public async Task<string> BuildAuthorizationUrlAsync(string vo, IdpConfig idp, string redirectUri, IReadOnlyDictionary<string, string> state,
        FlowStateCipher cipher, CancellationToken cancellationToken)
    {
        var metadata = await MetadataAsync(vo, idp, cancellationToken);
        var verifier = Pkce.NewVerifier();
        var fullState = new Dictionary<string, string>(state, StringComparer.Ordinal) { ["vo"] = vo, ["code_verifier"] = verifier };
        var query = string.Join('&', new[]
        {
            ("response_type", "code"), ("code_challenge", Pkce.ChallengeOf(verifier)), ("code_challenge_method", "S256"),
            ("client_id", idp.ClientId), ("redirect_uri", redirectUri), ("scope", "openid profile"), ("state", cipher.Encrypt(fullState)),
        }.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
        var endpoint = metadata.AuthorizationEndpoint;
        return $"{endpoint}{(endpoint.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{query}";
    }

    /// <summary>Redeems the provider's code (with the verifier from the state) and validates the returned ID token.</summary>
    /// <exception cref="IdentityProviderException">
    /// 502 "Failed to contact IAM server" when the provider fails or cannot be reached; 401 with the same message when it
    /// refuses the code (DiracX's <c>IAMClientError</c>); 401 "Invalid ID token" when the token does not validate.
    /// </exception>
    public async Task<IdpIdentity> RedeemCodeAsync(string vo, IdpConfig idp, string code, string codeVerifier, string redirectUri,
        CancellationToken cancellationToken)
    {
        var metadata = await MetadataAsync(vo, idp, cancellationToken);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = idp.ClientId, ["code"] = code,
            ["code_verifier"] = codeVerifier, ["redirect_uri"] = redirectUri,
        });
        string body;
        HttpStatusCode status;
        try
        {
            using var response = await http.PostAsync(new Uri(metadata.TokenEndpoint), form, cancellationToken);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new IdentityProviderException("Failed to contact IAM server", DiracErrorKind.BadGateway, e) { Vo = vo, Url = metadata.TokenEndpoint };
        }
        if ((int)status >= 500)
        {
            throw new IdentityProviderException("Failed to contact IAM server", DiracErrorKind.BadGateway) { Vo = vo, Url = metadata.TokenEndpoint };
        }
        if ((int)status >= 400)
        {
            throw new IdentityProviderException("Failed to contact IAM server", DiracErrorKind.Unauthorized);
        }
        var idToken = ReadIdToken(body);
        return await ValidateIdTokenAsync(vo, idp, idToken, metadata, cancellationToken);
    }

    private static string ReadIdToken(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["id_token"]?.GetValue<string>()
                ?? throw new IdentityProviderException("Invalid ID token", DiracErrorKind.Unauthorized);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new IdentityProviderException("Failed to contact IAM server", DiracErrorKind.BadGateway, e);
        }
    }

    private async Task<IdpIdentity> ValidateIdTokenAsync(string vo, IdpConfig idp, string idToken, OpenIdConnectConfiguration metadata,
        CancellationToken cancellationToken)
    {
        var result = await _handler.ValidateTokenAsync(idToken, Parameters(idp, metadata));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The provider may have rotated its keys since they were cached: read them again once.
            Manager(idp).RequestRefresh();
            result = await _handler.ValidateTokenAsync(idToken, Parameters(idp, await MetadataAsync(vo, idp, cancellationToken)));
        }
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token
            || !token.TryGetPayloadValue<string>("sub", out var sub) || string.IsNullOrEmpty(sub) || !token.TryGetPayloadValue<long>("iat", out _))
        {
            throw new IdentityProviderException("Invalid ID token", DiracErrorKind.Unauthorized, result.Exception);
        }
        return new IdpIdentity(sub, Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.EncodedPayload)));
    }

    private static TokenValidationParameters Parameters(IdpConfig idp, OpenIdConnectConfiguration metadata) => new()
    {
        ValidIssuer = metadata.Issuer,
        ValidAudience = idp.ClientId,
        IssuerSigningKeys = metadata.SigningKeys,
        ValidAlgorithms = metadata.IdTokenSigningAlgValuesSupported.Count > 0 ? metadata.IdTokenSigningAlgValuesSupported : ["RS256"],
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateLifetime = true,
    };

    private async Task<OpenIdConnectConfiguration> MetadataAsync(string vo, IdpConfig idp, CancellationToken cancellationToken)
    {
        try
        {
            return await Manager(idp).GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new IdentityProviderException("Failed to retrieve IAM server metadata", DiracErrorKind.BadGateway, e)
            {
                Vo = vo,
                Url = idp.ServerMetadataUrl,
            };
        }
    }

    private ConfigurationManager<OpenIdConnectConfiguration> Manager(IdpConfig idp) => _managers.GetOrAdd(idp.ServerMetadataUrl, url =>
        new ConfigurationManager<OpenIdConnectConfiguration>(url, new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(http) { RequireHttps = !IsLoopback(url) })
        {
            AutomaticRefreshInterval = metadataLifetime,
        });

    // An identity provider on this machine (a development IdP) may speak plain HTTP; any other must use HTTPS.
    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host == "localhost");
}
