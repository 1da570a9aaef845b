namespace DiracX.Core.Security;

/// <summary>The JWS algorithms DiracX tokens may use, with the key type each one needs.</summary>
/// <remarks>
/// DiracX (joserfc) names the Ed25519 algorithm <c>Ed25519</c> (RFC 9864) and writes that name for the keys its
/// <c>rotate-jwk</c> command generates; the older generic name <c>EdDSA</c> (RFC 8037) is understood for Ed25519 keys
/// too, but like any algorithm it is only accepted when it is in the configured allow-list.
/// </remarks>
public static class JwsAlgorithms
{
    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256, for <c>kty: RSA</c> keys.</summary>
    public const string RS256 = "RS256";

    /// <summary>EdDSA with the Ed25519 curve (RFC 9864 name), for <c>kty: OKP, crv: Ed25519</c> keys.</summary>
    public const string Ed25519 = "Ed25519";

    /// <summary>EdDSA (RFC 8037 name); only Ed25519 keys are supported with it.</summary>
    public const string EdDsa = "EdDSA";

    /// <summary>Whether <paramref name="algorithm"/> (case-sensitive, as in JOSE) is one we can sign and verify.</summary>
    public static bool IsSupported(string? algorithm) => algorithm is RS256 or Ed25519 or EdDsa;

    /// <summary>The JWK <c>kty</c> an algorithm needs, or <see langword="null"/> for an unsupported algorithm.</summary>
    public static string? KeyTypeOf(string? algorithm) => algorithm switch
    {
        RS256 => "RSA",
        Ed25519 or EdDsa => "OKP",
        _ => null,
    };
}
