using NSec.Cryptography;

namespace DiracX.Core.Security;

/// <summary>An Ed25519 JWK (<c>kty: OKP, crv: Ed25519</c>), signing and verifying through NSec.</summary>
internal sealed class Ed25519TokenKey : TokenKey
{
    public const int KeySize = 32;

    private static readonly SignatureAlgorithm s_algorithm = SignatureAlgorithm.Ed25519;

    private readonly PublicKey _publicKey;
    private readonly Key? _privateKey;
    private readonly string _x;

    private Ed25519TokenKey(JwkParameters parameters, PublicKey publicKey, Key? privateKey, string x)
        : base(parameters, privateKey is not null)
    {
        _publicKey = publicKey;
        _privateKey = privateKey;
        _x = x;
    }

    public override string KeyType => "OKP";

    protected override string DefaultAlgorithm => JwsAlgorithms.Ed25519;

    /// <summary>Imports raw key bytes; throws <see cref="ArgumentException"/> when they do not form a key pair.</summary>
    public static Ed25519TokenKey Create(JwkParameters parameters, byte[] x, byte[]? d)
    {
        if (x.Length != KeySize || (d is not null && d.Length != KeySize))
        {
            throw new ArgumentException("Ed25519 members 'x' and 'd' must be 32 bytes");
        }
        if (!PublicKey.TryImport(s_algorithm, x, KeyBlobFormat.RawPublicKey, out var publicKey) || publicKey is null)
        {
            throw new ArgumentException("member 'x' is not an Ed25519 public key");
        }
        if (d is null)
        {
            return new Ed25519TokenKey(parameters, publicKey, null, Base64UrlStrict.Encode(x));
        }
        var privateKey = Key.Import(s_algorithm, d, KeyBlobFormat.RawPrivateKey);
        if (!privateKey.PublicKey.Equals(publicKey))
        {
            privateKey.Dispose();
            throw new ArgumentException("member 'x' is not the public key of member 'd'");
        }
        return new Ed25519TokenKey(parameters, publicKey, privateKey, Base64UrlStrict.Encode(x));
    }

    public override byte[] Sign(ReadOnlySpan<byte> data) =>
        _privateKey is null
            ? throw new InvalidOperationException($"Key {Kid} has no private part")
            : s_algorithm.Sign(_privateKey, data);

    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        s_algorithm.Verify(_publicKey, data, signature);

    protected override IEnumerable<(string Name, string Value)> PublicMembers()
    {
        yield return ("crv", "Ed25519");
        yield return ("x", _x);
    }

    public override void Dispose() => _privateKey?.Dispose();
}
