using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiracX.Core.Security;

/// <summary>Reads one JWK as joserfc writes it into a usable <see cref="TokenKey"/>, or says why it cannot.</summary>
internal static class JsonWebKeyReader
{
    private static readonly string[] s_rsaPrivateMembers = ["p", "q", "dp", "dq", "qi"];

    /// <summary>Reads the key at <paramref name="index"/>; problems are reported with its kid (or index).</summary>
    public static TokenKey Read(JsonNode? node, int index)
    {
        if (node is not JsonObject jwk)
        {
            throw new TokenKeystoreException($"Key #{index} of the keystore is not a JSON object");
        }
        var kid = OptionalString(jwk, "kid", $"#{index}")
            ?? throw new TokenKeystoreException($"Key #{index} of the keystore has no 'kid'");
        var name = $"'{kid}'";
        var parameters = new JwkParameters(
            kid,
            OptionalString(jwk, "alg", name),
            OptionalString(jwk, "use", name),
            KeyOperations(jwk, name));
        var keyType = OptionalString(jwk, "kty", name) ?? throw Unusable(name, "it has no 'kty'");
        if (keyType is not ("OKP" or "RSA"))
        {
            throw Unusable(name, $"key type '{keyType}' is not supported (RSA, OKP)");
        }
        var expectedType = parameters.Algorithm is null ? null : JwsAlgorithms.KeyTypeOf(parameters.Algorithm);
        if (parameters.Algorithm is not null && expectedType is null)
        {
            throw Unusable(name, $"its algorithm '{parameters.Algorithm}' is not supported (RS256, Ed25519, EdDSA)");
        }
        if (expectedType is not null && expectedType != keyType)
        {
            throw Unusable(name, $"its algorithm '{parameters.Algorithm}' does not fit key type '{keyType}'");
        }
        try
        {
            return keyType == "OKP" ? ReadOkp(jwk, parameters, name) : ReadRsa(jwk, parameters, name);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw Unusable(name, e.Message, e);
        }
    }

    private static Ed25519TokenKey ReadOkp(JsonObject jwk, JwkParameters parameters, string name)
    {
        var curve = OptionalString(jwk, "crv", name);
        if (curve != "Ed25519")
        {
            throw Unusable(name, $"curve '{curve}' is not supported (Ed25519)");
        }
        var x = RequiredBytes(jwk, "x", name);
        var d = OptionalBytes(jwk, "d", name);
        return Ed25519TokenKey.Create(parameters, x, d);
    }

    private static RsaTokenKey ReadRsa(JsonObject jwk, JwkParameters parameters, string name)
    {
        var rsa = new RSAParameters
        {
            Modulus = RequiredBytes(jwk, "n", name),
            Exponent = RequiredBytes(jwk, "e", name),
        };
        var d = OptionalBytes(jwk, "d", name);
        if (d is null)
        {
            return RsaTokenKey.Create(parameters, rsa);
        }
        var missing = s_rsaPrivateMembers.Where(m => !jwk.ContainsKey(m)).ToList();
        if (missing.Count > 0)
        {
            throw Unusable(name, $"its private part lacks {string.Join(", ", missing.Select(m => $"'{m}'"))}");
        }
        rsa.D = d;
        rsa.P = RequiredBytes(jwk, "p", name);
        rsa.Q = RequiredBytes(jwk, "q", name);
        rsa.DP = RequiredBytes(jwk, "dp", name);
        rsa.DQ = RequiredBytes(jwk, "dq", name);
        rsa.InverseQ = RequiredBytes(jwk, "qi", name);
        return RsaTokenKey.Create(parameters, rsa);
    }

    private static List<string>? KeyOperations(JsonObject jwk, string name)
    {
        if (!jwk.TryGetPropertyValue("key_ops", out var node) || node is null)
        {
            return null;
        }
        // DiracX tolerates a single string where a list is expected.
        if (node.GetValueKind() == JsonValueKind.String)
        {
            return [node.GetValue<string>()];
        }
        if (node is not JsonArray array || array.Any(op => op?.GetValueKind() != JsonValueKind.String))
        {
            throw Unusable(name, "'key_ops' is not a list of strings");
        }
        return [.. array.Select(op => op!.GetValue<string>())];
    }

    private static string? OptionalString(JsonObject jwk, string member, string name)
    {
        if (!jwk.TryGetPropertyValue(member, out var node) || node is null)
        {
            return null;
        }
        return node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : throw Unusable(name, $"member '{member}' is not a string");
    }

    private static byte[] RequiredBytes(JsonObject jwk, string member, string name) =>
        OptionalBytes(jwk, member, name) ?? throw Unusable(name, $"it lacks member '{member}'");

    private static byte[]? OptionalBytes(JsonObject jwk, string member, string name)
    {
        var text = OptionalString(jwk, member, name);
        if (text is null)
        {
            return null;
        }
        return Base64UrlStrict.TryDecode(text, out var bytes) && bytes.Length > 0
            ? bytes
            : throw Unusable(name, $"member '{member}' is not valid base64url");
    }

    private static TokenKeystoreException Unusable(string name, string why, Exception? inner = null)
    {
        var message = $"Key {name} of the keystore cannot be used: {why}";
        return inner is null ? new TokenKeystoreException(message) : new TokenKeystoreException(message, inner);
    }
}
