using System.Text.Json.Serialization;

namespace DiracX.Core.Models;

/// <summary>The properties a group grants (<c>/.well-known/dirac-metadata</c>).</summary>
public sealed record GroupInfo([property: JsonPropertyName("properties")] IReadOnlyList<string> Properties);

/// <summary>A VO's support contacts.</summary>
public sealed record SupportInfo(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("webpage")] string? Webpage,
    [property: JsonPropertyName("email")] string? Email);

/// <summary>What clients need to know of a VO.</summary>
public sealed record VoInfo(
    [property: JsonPropertyName("groups")] IReadOnlyDictionary<string, GroupInfo> Groups,
    [property: JsonPropertyName("support")] SupportInfo Support,
    [property: JsonPropertyName("default_group")] string DefaultGroup);

/// <summary>The installation metadata (<c>/.well-known/dirac-metadata</c>): VOs and server component versions.</summary>
public sealed record Metadata(
    [property: JsonPropertyName("virtual_organizations")] IReadOnlyDictionary<string, VoInfo> VirtualOrganizations,
    [property: JsonPropertyName("versions")] IReadOnlyDictionary<string, string> Versions);

/// <summary>The OpenID Connect discovery document of DiracX's token service.</summary>
public sealed record OpenIdConfiguration
{
    /// <summary>The token issuer.</summary>
    [JsonPropertyName("issuer")] public required string Issuer { get; init; }
    /// <summary>Token endpoint.</summary>
    [JsonPropertyName("token_endpoint")] public required string TokenEndpoint { get; init; }
    /// <summary>User-info endpoint.</summary>
    [JsonPropertyName("userinfo_endpoint")] public required string UserinfoEndpoint { get; init; }
    /// <summary>Authorization-code flow endpoint.</summary>
    [JsonPropertyName("authorization_endpoint")] public required string AuthorizationEndpoint { get; init; }
    /// <summary>Device flow endpoint.</summary>
    [JsonPropertyName("device_authorization_endpoint")] public required string DeviceAuthorizationEndpoint { get; init; }
    /// <summary>Refresh-token revocation endpoint.</summary>
    [JsonPropertyName("revocation_endpoint")] public required string RevocationEndpoint { get; init; }
    /// <summary>Public keys.</summary>
    [JsonPropertyName("jwks_uri")] public required string JwksUri { get; init; }
    /// <summary>Grants.</summary>
    [JsonPropertyName("grant_types_supported")] public required IReadOnlyList<string> GrantTypesSupported { get; init; }
    /// <summary>Scopes: vo:, group:, property:.</summary>
    [JsonPropertyName("scopes_supported")] public required IReadOnlyList<string> ScopesSupported { get; init; }
    /// <summary>Response types.</summary>
    [JsonPropertyName("response_types_supported")] public required IReadOnlyList<string> ResponseTypesSupported { get; init; }
    /// <summary>Signing algorithms of DiracX tokens.</summary>
    [JsonPropertyName("token_endpoint_auth_signing_alg_values_supported")] public required IReadOnlyList<string> TokenEndpointAuthSigningAlgValuesSupported { get; init; }
    /// <summary>Client authentication methods (public clients only).</summary>
    [JsonPropertyName("token_endpoint_auth_methods_supported")] public required IReadOnlyList<string> TokenEndpointAuthMethodsSupported { get; init; }
    /// <summary>PKCE methods.</summary>
    [JsonPropertyName("code_challenge_methods_supported")] public required IReadOnlyList<string> CodeChallengeMethodsSupported { get; init; }
}
