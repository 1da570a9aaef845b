using DiracX.Core.Errors;
using DiracX.Logic.Auth;
using DiracX.Routers.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DiracX.Routers.Auth;

/// <summary>Handlers of the token endpoint and the legacy DIRAC exchange.</summary>
public static class TokenEndpoints
{
    private static readonly string[] s_grantTypes = [GrantTypes.AuthorizationCode, GrantTypes.DeviceCode, GrantTypes.RefreshToken];

    /// <summary><c>POST /api/auth/token</c> (form): tokens for a device code, an authorization code or a refresh token.</summary>
    [EndpointSummary("Get OIDC token")]
    [EndpointDescription("Issues an access and a refresh token for a device code, an authorization code (with its PKCE verifier) or a refresh "
        + "token (rotated; a reused rotated token revokes the whole session). A pending device flow answers "
        + "{\"error\": \"authorization_pending\"} (or slow_down when polled too fast).")]
    public static async Task<Ok<TokenResponse>> GetOidcToken(
        [FromForm(Name = "grant_type")] string grantType,
        [FromForm(Name = "client_id")] string clientId,
        AuthFlowContext auth, CancellationToken cancellationToken,
        [FromForm(Name = "device_code")] string? deviceCode = null,
        [FromForm(Name = "code")] string? code = null,
        [FromForm(Name = "redirect_uri")] string? redirectUri = null,
        [FromForm(Name = "code_verifier")] string? codeVerifier = null,
        [FromForm(Name = "refresh_token")] string? refreshToken = null)
    {
        if (!s_grantTypes.Contains(grantType, StringComparer.Ordinal))
        {
            var expected = Infrastructure.Errors.ErrorBodies.Expected(s_grantTypes);
            throw new RequestValidationException(new Core.Errors.ValidationProblem(["body", "grant_type"],
                $"Input should be {expected}", "literal_error", grantType, new Dictionary<string, object> { ["expected"] = expected }));
        }
        var request = new TokenRequest(grantType, clientId, deviceCode, code, redirectUri, codeVerifier, refreshToken);
        return TypedResults.Ok(await TokenGrants.GetTokenAsync(auth, request, cancellationToken));
    }

    /// <summary>
    /// <c>GET /api/auth/legacy-exchange</c> (not in the OpenAPI document): tokens for a legacy DIRAC proxy holder, with
    /// <c>Authorization: Bearer diracx:legacy:&lt;secret&gt;</c>; 503 when the hashed key is not configured.
    /// </summary>
    [EndpointSummary("Legacy exchange")]
    [EndpointDescription("Tokens for legacy DIRAC (proxy to token exchange); 503 unless DIRACX_LEGACY_EXCHANGE_HASHED_API_KEY is set.")]
    public static async Task<Results<Ok<TokenResponse>, JsonHttpResult<Dictionary<string, object?>>>> PerformLegacyExchange(
        [FromQuery(Name = "preferred_username")] string preferredUsername,
        [FromQuery(Name = "scope")] string scope,
        [FromHeader(Name = "Authorization")] string authorization,
        AuthFlowContext auth, CancellationToken cancellationToken,
        [FromQuery(Name = "expires_minutes")] int? expiresMinutes = null)
    {
        if (string.IsNullOrWhiteSpace(auth.Flows.LegacyExchangeHashedApiKey))
        {
            return TypedResults.Json(ErrorBodies.Detail("Legacy exchange is not enabled"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        return TypedResults.Ok(await LegacyExchange.ExchangeAsync(auth, preferredUsername, scope, authorization, expiresMinutes, cancellationToken));
    }
}
