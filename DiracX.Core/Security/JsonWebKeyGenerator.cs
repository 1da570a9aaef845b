using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NSec.Cryptography;

namespace DiracX.Core.Security;

/// <summary>Generates private JWKs in the shape joserfc writes them (what DiracX's <c>rotate-jwk</c> stores).</summary>
public static class JsonWebKeyGenerator
{
    /// <summary>A new key id as DiracX makes them: the hex of a UUIDv7, without dashes.</summary>
    public static string NewKeyId(TimeProvider timeProvider) => Uuid7.New(timeProvider).ToString("N");

    /// <summary>A new private Ed25519 key (<c>kty: OKP</c>, <c>alg: Ed25519</c>).</summary>
    public static JsonObject CreateEd25519(string kid, IEnumerable<string> keyOperations)
    {
        var creation = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        using var key = Key.Create(SignatureAlgorithm.Ed25519, creation);
        return new JsonObject
        {
            ["crv"] = "Ed25519",
            ["x"] = Base64UrlStrict.Encode(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
            ["d"] = Base64UrlStrict.Encode(key.Export(KeyBlobFormat.RawPrivateKey)),
            ["kty"] = "OKP",
            ["key_ops"] = Operations(keyOperations),
            ["alg"] = JwsAlgorithms.Ed25519,
            ["kid"] = kid,
        };
    }

    /// <summary>A new private RSA key for RS256 (<c>kty: RSA</c>, <c>alg: RS256</c>).</summary>
    public static JsonObject CreateRsa(string kid, IEnumerable<string> keyOperations, int keySizeInBits = 2048)
    {
        using var rsa = RSA.Create(keySizeInBits);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        return new JsonObject
        {
            ["n"] = Base64UrlStrict.Encode(p.Modulus),
            ["e"] = Base64UrlStrict.Encode(p.Exponent),
            ["d"] = Base64UrlStrict.Encode(p.D),
            ["p"] = Base64UrlStrict.Encode(p.P),
            ["q"] = Base64UrlStrict.Encode(p.Q),
            ["dp"] = Base64UrlStrict.Encode(p.DP),
            ["dq"] = Base64UrlStrict.Encode(p.DQ),
            ["qi"] = Base64UrlStrict.Encode(p.InverseQ),
            ["kty"] = "RSA",
            ["key_ops"] = Operations(keyOperations),
            ["alg"] = JwsAlgorithms.RS256,
            ["kid"] = kid,
        };
    }

    private static JsonArray Operations(IEnumerable<string> keyOperations) =>
        [.. keyOperations.Select(op => JsonValue.Create(op))];
}
