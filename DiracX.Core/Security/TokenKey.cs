using System.Text.Json.Nodes;

namespace DiracX.Core.Security;

/// <summary>One key of the token keystore: its JWK parameters and the cryptographic operations on it.</summary>
internal abstract class TokenKey : IDisposable
{
    public const string SignOperation = "sign";
    public const string VerifyOperation = "verify";

    protected TokenKey(JwkParameters parameters, bool hasPrivateKey)
    {
        Parameters = parameters;
        HasPrivateKey = hasPrivateKey;
    }

    public JwkParameters Parameters { get; }

    public string Kid => Parameters.Kid;

    public abstract string KeyType { get; }

    public bool HasPrivateKey { get; }

    /// <summary>As DiracX: only a key whose <c>key_ops</c> lists "sign" may sign (and it needs its private part).</summary>
    public bool CanSign => HasPrivateKey && Parameters.KeyOperations?.Contains(SignOperation) == true;

    /// <summary>As joserfc: a key without <c>key_ops</c> may do anything; otherwise "verify" must be listed.</summary>
    public bool CanVerify => Parameters.KeyOperations is null || Parameters.KeyOperations.Contains(VerifyOperation);

    /// <summary>The algorithm written in the header when this key signs: its declared <c>alg</c>, or the default.</summary>
    public string SigningAlgorithm => Parameters.Algorithm ?? DefaultAlgorithm;

    protected abstract string DefaultAlgorithm { get; }

    /// <summary>Whether a token header naming <paramref name="algorithm"/> may be verified with this key.</summary>
    public bool Accepts(string algorithm) =>
        JwsAlgorithms.KeyTypeOf(algorithm) == KeyType
        && (Parameters.Algorithm is null || Parameters.Algorithm == algorithm);

    public abstract byte[] Sign(ReadOnlySpan<byte> data);

    public abstract bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);

    /// <summary>The public JWK: key type, public members and parameters, never a private member.</summary>
    public JsonObject ToPublicJwk()
    {
        var jwk = new JsonObject { ["kty"] = KeyType };
        foreach (var (name, value) in PublicMembers())
        {
            jwk[name] = value;
        }
        jwk["kid"] = Kid;
        if (Parameters.Algorithm is not null)
        {
            jwk["alg"] = Parameters.Algorithm;
        }
        if (Parameters.Use is not null)
        {
            jwk["use"] = Parameters.Use;
        }
        if (Parameters.KeyOperations is not null)
        {
            // A public key cannot sign; advertising "sign" for it would be wrong.
            var ops = Parameters.KeyOperations.Where(op => op != SignOperation).Select(op => JsonValue.Create(op));
            jwk["key_ops"] = new JsonArray([.. ops]);
        }
        return jwk;
    }

    protected abstract IEnumerable<(string Name, string Value)> PublicMembers();

    public abstract void Dispose();
}

/// <summary>The JWK members shared by every key type.</summary>
internal sealed record JwkParameters(string Kid, string? Algorithm, string? Use, IReadOnlyList<string>? KeyOperations);
