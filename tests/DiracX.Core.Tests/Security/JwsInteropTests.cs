using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DiracX.Core.Security;
using DiracX.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DiracX.Core.Tests.Security;

/// <summary>Our hand-written JWS against published vectors and another implementation.</summary>
public class JwsInteropTests
{
    // RFC 8037 appendix A.1 (key) and A.4 (JWS of "Example of Ed25519 signing" with header {"alg":"EdDSA"}).
    private const string RfcPrivate = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
    private const string RfcPublic = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    private const string RfcSigningInput = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
    private const string RfcSignature =
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

    [Fact]
    public void Ed25519_signatures_match_the_RFC_8037_example()
    {
        var jwk = new JsonObject { ["kty"] = "OKP", ["crv"] = "Ed25519", ["d"] = RfcPrivate, ["x"] = RfcPublic, ["kid"] = "rfc" };
        using var key = JsonWebKeyReader.Read(jwk, 0);
        var input = Encoding.ASCII.GetBytes(RfcSigningInput);

        Assert.Equal(RfcSignature, Base64UrlStrict.Encode(key.Sign(input)));
        Assert.True(key.Verify(input, Convert.FromBase64String(ToBase64(RfcSignature))));
    }

    [Fact]
    public async Task Our_RS256_tokens_validate_with_Microsoft_IdentityModel()
    {
        using var store = TestKeystore.CreateRsa();
        var token = store.MintAccessToken(TestIdentity.NormalUser);
        var publicJwk = store.Keystore.ToPublicJwks()["keys"]![0]!.ToJsonString();

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new JsonWebKey(publicJwk),
            ValidIssuer = TestKeystore.DefaultIssuer,
            ValidateAudience = false,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("chaen", result.Claims["preferred_username"]);
    }

    [Fact]
    public void RS256_tokens_signed_by_Microsoft_IdentityModel_verify_with_our_keystore()
    {
        using var store = TestKeystore.CreateRsa();
        var privateJwk = JsonNode.Parse(store.JwksJson)!["keys"]![0]!.ToJsonString();
        var payload = store.AccessPayload(TestIdentity.OtherVoUser);
        var claims = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(payload))!.AsObject();

        var token = new JsonWebTokenHandler().CreateToken(claims.ToJsonString(), new SigningCredentials(
            new JsonWebKey(privateJwk), SecurityAlgorithms.RsaSha256));

        Assert.Equal("alice", store.Verifier.VerifyAccessToken(token).PreferredUsername);
    }

    [Fact]
    public void RSA_keys_whose_integers_lost_their_leading_zero_bytes_still_sign()
    {
        // JWK integers are minimal big-endian, so d or a CRT value can be shorter than the framework wants.
        var p = KeyWithALeadingZeroByte();
        var jwk = new JsonObject { ["kty"] = "RSA", ["kid"] = "short", ["key_ops"] = new JsonArray("sign", "verify") };
        foreach (var (name, value) in new[] { ("n", p.Modulus), ("e", p.Exponent), ("d", p.D), ("p", p.P), ("q", p.Q),
                     ("dp", p.DP), ("dq", p.DQ), ("qi", p.InverseQ) })
        {
            jwk[name] = Base64UrlStrict.Encode(value.AsSpan().TrimStart((byte)0));
        }

        using var key = JsonWebKeyReader.Read(jwk, 0);

        Assert.True(key.Verify([1, 2, 3], key.Sign([1, 2, 3])));
    }

    private static RSAParameters KeyWithALeadingZeroByte()
    {
        // Small keys are quick to generate; about one in forty has some private integer starting with a zero byte.
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            using var rsa = RSA.Create(512);
            var p = rsa.ExportParameters(includePrivateParameters: true);
            if (new[] { p.D!, p.P!, p.Q!, p.DP!, p.DQ!, p.InverseQ! }.Any(v => v[0] == 0))
            {
                return p;
            }
        }
        throw new InvalidOperationException("No RSA key with a leading zero byte was generated");
    }

    private static string ToBase64(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
    }
}
