using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiracX.Core.Security;

/// <summary>Claims shared by DiracX access and refresh tokens (DiracX's <c>TokenPayload</c>).</summary>
/// <remarks>Claims are written in DiracX's (pydantic's) order: the shared ones first.</remarks>
public abstract record TokenPayload
{
    /// <summary>Token id: a UUIDv7 string; for refresh tokens, the primary key of the RefreshTokens row.</summary>
    [JsonPropertyName("jti")]
    [JsonPropertyOrder(-3)]
    public required string Jti { get; init; }

    /// <summary>Expiry, written as whole seconds since the epoch.</summary>
    [JsonPropertyName("exp")]
    [JsonPropertyOrder(-2)]
    [JsonConverter(typeof(UnixTimeSecondsConverter))]
    public required DateTimeOffset Exp { get; init; }

    /// <summary>Extra content added by access policies, by policy name (empty unless a policy enriches tokens).</summary>
    [JsonPropertyName("dirac_policies")]
    [JsonPropertyOrder(-1)]
    public IReadOnlyDictionary<string, JsonElement> DiracPolicies { get; init; } = new Dictionary<string, JsonElement>();
}

/// <summary>Claims of a DiracX access token (DiracX's <c>AccessTokenPayload</c>).</summary>
public sealed record AccessTokenPayload : TokenPayload
{
    /// <summary>DiracX subject: <c>"&lt;vo&gt;:&lt;identity provider subject&gt;"</c>.</summary>
    [JsonPropertyName("sub")]
    public required string Sub { get; init; }

    /// <summary>Virtual organisation.</summary>
    [JsonPropertyName("vo")]
    public required string Vo { get; init; }

    /// <summary>Issuer (<c>DIRACX_SERVICE_AUTH_TOKEN_ISSUER</c>).</summary>
    [JsonPropertyName("iss")]
    public required string Iss { get; init; }

    /// <summary>Security properties granted (group properties and requested ones).</summary>
    [JsonPropertyName("dirac_properties")]
    public required IReadOnlyList<string> DiracProperties { get; init; }

    /// <summary>User name from the VO registry (for pilots, the pilot job reference).</summary>
    [JsonPropertyName("preferred_username")]
    public required string PreferredUsername { get; init; }

    /// <summary>DIRAC group.</summary>
    [JsonPropertyName("dirac_group")]
    public required string DiracGroup { get; init; }
}

/// <summary>Claims of a DiracX refresh token (DiracX's <c>RefreshTokenPayload</c>): no <c>iss</c>, no <c>sub</c>.</summary>
public sealed record RefreshTokenPayload : TokenPayload
{
    /// <summary>Whether the session came from the legacy exchange (then the token is not rotated on use).</summary>
    [JsonPropertyName("legacy_exchange")]
    public required bool LegacyExchange { get; init; }
}
