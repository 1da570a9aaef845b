using System.Text.Json.Serialization;

namespace DiracX.Logic.Auth;

/// <summary>The answer to a device-flow start (RFC 8628 §3.2, DiracX's <c>InitiateDeviceFlowResponse</c>).</summary>
public sealed record InitiateDeviceFlowResponse(
    [property: JsonPropertyName("user_code")] string UserCode,
    [property: JsonPropertyName("device_code")] string DeviceCode,
    [property: JsonPropertyName("verification_uri_complete")] string VerificationUriComplete,
    [property: JsonPropertyName("verification_uri")] string VerificationUri,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>Tokens issued by the token endpoint (RFC 6749 §5.1, DiracX's <c>TokenResponse</c>).</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken);

/// <summary>
/// One row of <c>GET /api/auth/refresh-tokens</c>, with DiracX's keys; <c>Status</c> is 1 (CREATED) or 2 (REVOKED), as
/// DiracX serialises its enum (quirk A10).
/// </summary>
public sealed record RefreshTokenInfo(
    [property: JsonPropertyName("JTI")] string Jti,
    [property: JsonPropertyName("Status")] int Status,
    [property: JsonPropertyName("Scope")] string Scope,
    [property: JsonPropertyName("Sub")] string Sub);

/// <summary>The grant types of the token endpoint.</summary>
public static class GrantTypes
{
    /// <summary>Authorization code with PKCE.</summary>
    public const string AuthorizationCode = "authorization_code";
    /// <summary>RFC 8628 device code.</summary>
    public const string DeviceCode = "urn:ietf:params:oauth:grant-type:device_code";
    /// <summary>Refresh token.</summary>
    public const string RefreshToken = "refresh_token";
}
