using System.Security.Cryptography;

namespace DiracX.Core.Security;

/// <summary>An RSA JWK (<c>kty: RSA</c>) used with RS256, through System.Security.Cryptography.</summary>
internal sealed class RsaTokenKey : TokenKey
{
    private readonly RSA _rsa;
    private readonly string _n;
    private readonly string _e;

    private RsaTokenKey(JwkParameters parameters, RSA rsa, bool hasPrivateKey, string n, string e)
        : base(parameters, hasPrivateKey)
    {
        _rsa = rsa;
        _n = n;
        _e = e;
    }

    public override string KeyType => "RSA";

    protected override string DefaultAlgorithm => JwsAlgorithms.RS256;

    /// <summary>Imports the key; throws <see cref="CryptographicException"/> when the parameters are inconsistent.</summary>
    public static RsaTokenKey Create(JwkParameters parameters, RSAParameters rsaParameters)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(Normalise(rsaParameters));
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
        return new RsaTokenKey(
            parameters,
            rsa,
            rsaParameters.D is not null,
            Base64UrlStrict.Encode(rsaParameters.Modulus),
            Base64UrlStrict.Encode(rsaParameters.Exponent));
    }

    public override byte[] Sign(ReadOnlySpan<byte> data) =>
        HasPrivateKey
            ? _rsa.SignData(data.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : throw new InvalidOperationException($"Key {Kid} has no private part");

    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    protected override IEnumerable<(string Name, string Value)> PublicMembers()
    {
        yield return ("n", _n);
        yield return ("e", _e);
    }

    public override void Dispose() => _rsa.Dispose();

    // JWK integers drop leading zero bytes; some platforms (Windows CNG) want D the size of the modulus and the CRT
    // values half of it, so the lengths are restored before import.
    private static RSAParameters Normalise(RSAParameters p)
    {
        if (p.D is null)
        {
            return p;
        }
        var full = p.Modulus!.Length;
        var half = (full + 1) / 2;
        return p with
        {
            D = PadLeft(p.D, full),
            P = PadLeft(p.P!, half),
            Q = PadLeft(p.Q!, half),
            DP = PadLeft(p.DP!, half),
            DQ = PadLeft(p.DQ!, half),
            InverseQ = PadLeft(p.InverseQ!, half),
        };
    }

    private static byte[] PadLeft(byte[] value, int length)
    {
        if (value.Length >= length)
        {
            return value;
        }
        var padded = new byte[length];
        value.CopyTo(padded, length - value.Length);
        return padded;
    }
}
