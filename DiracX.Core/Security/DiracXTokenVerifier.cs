using System.Text.Json;
using DiracX.Core.Settings;

namespace DiracX.Core.Security;

/// <summary>
/// Verifies DiracX tokens: strict JWS parsing, allow-listed algorithm that fits the key named by <c>kid</c>,
/// signature, then claims. Every failure is an <see cref="InvalidTokenException"/>.
/// </summary>
/// <remarks>
/// Unlike DiracX, <c>exp</c> is required (DiracX accepts a signed token without it). Access tokens must carry
/// <c>iss</c> equal to the configured issuer and the identity claims; refresh tokens carry neither <c>iss</c> nor
/// <c>sub</c>, so one can never pass for the other. Reasons are meant for logs; the HTTP layer answers "Invalid JWT".
/// </remarks>
public sealed class DiracXTokenVerifier
{
    private static readonly string[] s_accessClaims =
        ["iss", "exp", "jti", "sub", "vo", "dirac_group", "dirac_properties", "preferred_username"];

    private static readonly string[] s_refreshClaims = ["exp", "jti", "legacy_exchange"];

    private readonly TokenKeystore _keystore;
    private readonly AuthSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly VerifiedTokenCache? _cache;

    /// <summary>
    /// Creates a verifier over <paramref name="keystore"/> with the issuer and algorithms of the settings; with a
    /// <paramref name="cache"/>, a verified access token is not verified again until it expires (the cache must be
    /// flushed whenever the keystore changes).
    /// </summary>
    public DiracXTokenVerifier(TokenKeystore keystore, AuthSettings settings, TimeProvider timeProvider, VerifiedTokenCache? cache = null)
    {
        _keystore = keystore;
        _settings = settings;
        _timeProvider = timeProvider;
        _cache = cache;
    }

    /// <summary>Forgets the verified tokens (call when the keystore changes).</summary>
    public void Flush() => _cache?.Flush();

    /// <summary>Verifies an access token and returns its claims.</summary>
    /// <exception cref="InvalidTokenException">The token is not a valid, unexpired DiracX access token.</exception>
    public AccessTokenPayload VerifyAccessToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_cache is null)
        {
            return VerifyAccessTokenUncached(token);
        }
        var now = _timeProvider.GetUtcNow();
        if (_cache.TryGet(token, now, out var cached))
        {
            return cached!;
        }
        var claims = VerifyAccessTokenUncached(token);
        // Only a token valid now (nbf passed, exp ahead) is verified successfully, so it stays valid until exp.
        _cache.Add(token, claims, now);
        return claims;
    }

    private AccessTokenPayload VerifyAccessTokenUncached(string token)
    {
        var payload = VerifyJws(token);
        RequireClaims(payload, s_accessClaims);
        CheckTimes(payload);
        var claims = Deserialize<AccessTokenPayload>(payload);
        if (claims.Iss != _settings.TokenIssuer)
        {
            throw new InvalidTokenException("invalid_claim: \"iss\"");
        }
        RequireUuid(claims.Jti);
        if (claims.DiracProperties.Any(p => p is null))
        {
            throw new InvalidTokenException("invalid_claim: \"dirac_properties\"");
        }
        foreach (var (name, value) in new[]
        {
            ("sub", claims.Sub), ("vo", claims.Vo), ("dirac_group", claims.DiracGroup),
            ("preferred_username", claims.PreferredUsername),
        })
        {
            if (value.Length == 0)
            {
                throw new InvalidTokenException($"invalid_claim: \"{name}\"");
            }
        }
        return claims;
    }

    /// <summary>Verifies a refresh token and returns its claims (revocation is checked by the caller in AuthDB).</summary>
    /// <exception cref="InvalidTokenException">The token is not a valid, unexpired DiracX refresh token.</exception>
    public RefreshTokenPayload VerifyRefreshToken(string token)
    {
        var payload = VerifyJws(token);
        RequireClaims(payload, s_refreshClaims);
        CheckTimes(payload);
        var claims = Deserialize<RefreshTokenPayload>(payload);
        RequireUuid(claims.Jti);
        return claims;
    }

    private JsonElement VerifyJws(string token)
    {
        var jws = JwsCompact.Decode(token);
        var algorithm = HeaderString(jws.Header, "alg") ?? throw new InvalidTokenException("missing_algorithm");
        if (!JwsAlgorithms.IsSupported(algorithm) || !_settings.TokenAllowedAlgorithms.Contains(algorithm))
        {
            throw new InvalidTokenException("unsupported_algorithm: the header algorithm is not allowed");
        }
        var type = HeaderString(jws.Header, "typ");
        if (type is not null and not "JWT")
        {
            throw new InvalidTokenException("invalid_type: The \"typ\" value in header is invalid");
        }
        if (jws.Header.TryGetProperty("crit", out _))
        {
            throw new InvalidTokenException("unsupported_header: \"crit\" is not supported");
        }
        var kid = HeaderString(jws.Header, "kid") ?? throw new InvalidTokenException("missing kid in header");
        var key = _keystore.Find(kid) ?? throw new InvalidTokenException("No key for kid");
        if (!key.CanVerify)
        {
            throw new InvalidTokenException("unsupported_key_operation: the key may not verify");
        }
        if (!key.Accepts(algorithm))
        {
            throw new InvalidTokenException("invalid_key_type: the header algorithm does not fit the key");
        }
        if (!key.Verify(jws.SigningInput, jws.Signature))
        {
            throw new InvalidTokenException("bad_signature");
        }
        return jws.Payload;
    }

    private void CheckTimes(JsonElement payload)
    {
        var now = _timeProvider.GetUtcNow();
        var exp = ReadTime(payload, "exp");
        // RFC 7519 §4.1.4: the current time must be before the expiry.
        if (now >= exp)
        {
            throw new InvalidTokenException("expired_token: The token is expired");
        }
        if (payload.TryGetProperty("nbf", out _) && ReadTime(payload, "nbf") > now)
        {
            throw new InvalidTokenException("invalid_token: The token is not valid yet");
        }
    }

    private static DateTimeOffset ReadTime(JsonElement payload, string claim)
    {
        try
        {
            return payload.GetProperty(claim).Deserialize<DateTimeOffset>(s_timeOptions);
        }
        catch (JsonException)
        {
            throw new InvalidTokenException($"invalid_claim: \"{claim}\" must be a NumericDate value");
        }
    }

    private static readonly JsonSerializerOptions s_timeOptions = new() { Converters = { new UnixTimeSecondsConverter() } };

    private static void RequireClaims(JsonElement payload, string[] names)
    {
        foreach (var name in names)
        {
            if (!payload.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                throw new InvalidTokenException($"missing_claim: Missing claim: \"{name}\"");
            }
        }
    }

    private static T Deserialize<T>(JsonElement payload)
    {
        try
        {
            return payload.Deserialize<T>(TokenJson.Options)
                ?? throw new InvalidTokenException("invalid_payload: the payload is null");
        }
        catch (JsonException)
        {
            // The serializer's message may quote claim values, so it is not kept.
            throw new InvalidTokenException("invalid_claim: a claim has the wrong type");
        }
    }

    private static void RequireUuid(string jti)
    {
        if (!Guid.TryParse(jti, out _))
        {
            throw new InvalidTokenException("invalid_claim: \"jti\" is not a UUID");
        }
    }

    private static string? HeaderString(JsonElement header, string name)
    {
        if (!header.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidTokenException($"decode_error: header \"{name}\" is not a string");
    }
}
