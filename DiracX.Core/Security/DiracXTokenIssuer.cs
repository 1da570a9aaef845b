using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Core.Settings;

namespace DiracX.Core.Security;

/// <summary>
/// Builds and signs DiracX access and refresh tokens (DiracX's <c>exchange_token</c> and <c>create_token</c>).
/// </summary>
/// <remarks>
/// A token's <c>exp</c> is the time in its UUIDv7 <c>jti</c> plus the configured lifetime, truncated to whole seconds.
/// Checking who may get which identity (scope, registry, group membership) belongs to the caller.
/// </remarks>
public sealed class DiracXTokenIssuer
{
    private readonly TokenKeystore _keystore;
    private readonly AuthSettings _settings;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an issuer signing with <paramref name="keystore"/> under <paramref name="settings"/>.</summary>
    public DiracXTokenIssuer(TokenKeystore keystore, AuthSettings settings, TimeProvider timeProvider)
    {
        _keystore = keystore;
        _settings = settings;
        _timeProvider = timeProvider;
    }

    /// <summary>Builds an access-token payload; <c>sub</c> becomes <c>"&lt;vo&gt;:&lt;idpSubject&gt;"</c>.</summary>
    public AccessTokenPayload CreateAccessPayload(
        string vo,
        string idpSubject,
        string preferredUsername,
        string diracGroup,
        IEnumerable<string> properties)
    {
        var jti = Uuid7.New(_timeProvider);
        return new AccessTokenPayload
        {
            Jti = jti.ToString(),
            Exp = ExpiryOf(jti, TimeSpan.FromMinutes(_settings.AccessTokenExpireMinutes)),
            Sub = $"{vo}:{idpSubject}",
            Vo = vo,
            Iss = _settings.TokenIssuer,
            DiracProperties = [.. properties],
            PreferredUsername = preferredUsername,
            DiracGroup = diracGroup,
        };
    }

    /// <summary>
    /// Builds the refresh-token payload of a new session. Its <c>jti</c> is the RefreshTokens row to insert.
    /// </summary>
    /// <param name="legacyExchange">The session comes from the legacy exchange (no rotation on use).</param>
    /// <param name="lifetime">Lifetime; the configured refresh lifetime when <see langword="null"/>.</param>
    public RefreshTokenPayload CreateRefreshPayload(bool legacyExchange = false, TimeSpan? lifetime = null)
    {
        var jti = Uuid7.New(_timeProvider);
        return new RefreshTokenPayload
        {
            Jti = jti.ToString(),
            Exp = ExpiryOf(jti, lifetime ?? TimeSpan.FromMinutes(_settings.RefreshTokenExpireMinutes)),
            LegacyExchange = legacyExchange,
        };
    }

    /// <summary>
    /// Builds the payload that replaces a verified refresh token on rotation: a new <c>jti</c> and the
    /// <em>remaining</em> lifetime of the old one, so a session never outlives its first refresh token.
    /// </summary>
    /// <remarks>
    /// DiracX adds the remaining minutes to the new token's time, which is the old expiry up to rounding; keeping the
    /// old <c>exp</c> itself avoids drifting by a second at each rotation.
    /// </remarks>
    public RefreshTokenPayload RotateRefreshPayload(RefreshTokenPayload current) => new()
    {
        Jti = Uuid7.New(_timeProvider).ToString(),
        Exp = current.Exp,
        LegacyExchange = current.LegacyExchange,
    };

    /// <summary>Signs an access-token payload.</summary>
    public string Sign(AccessTokenPayload payload) => SignBytes(JsonSerializer.SerializeToUtf8Bytes(payload, TokenJson.Options));

    /// <summary>Signs a refresh-token payload.</summary>
    public string Sign(RefreshTokenPayload payload) => SignBytes(JsonSerializer.SerializeToUtf8Bytes(payload, TokenJson.Options));

    /// <summary>
    /// Signs arbitrary claims, as DiracX's <c>_sign_token_payload</c>; for tests that need malformed payloads.
    /// </summary>
    public string SignClaims(JsonObject claims) => SignBytes(JsonSerializer.SerializeToUtf8Bytes(claims, TokenJson.Options));

    private string SignBytes(byte[] payload)
    {
        var key = _keystore.SigningKeyOrNull ?? throw new TokenKeystoreException("No signing key found in JWKS");
        var algorithm = key.SigningAlgorithm;
        if (!_settings.TokenAllowedAlgorithms.Contains(algorithm))
        {
            throw new TokenKeystoreException(
                $"The signing key '{key.Kid}' uses algorithm '{algorithm}', which is not in the allowed algorithms");
        }
        return JwsCompact.Sign(payload, key, algorithm);
    }

    private static DateTimeOffset ExpiryOf(Guid jti, TimeSpan lifetime)
    {
        var exp = Uuid7.GetTimestamp(jti) + lifetime;
        // NumericDate is whole seconds: truncate here so the payload says exactly what the token says.
        return DateTimeOffset.FromUnixTimeSeconds(exp.ToUnixTimeSeconds());
    }
}
