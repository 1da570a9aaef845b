using System.Text.Json.Nodes;
using DiracX.Core.Security;
using DiracX.Testing;

namespace DiracX.Core.Tests.Security;

public class TokenKeystoreTests
{
    private static readonly string[] s_privateMembers = ["d", "p", "q", "dp", "dq", "qi"];

    [Fact]
    public void A_keystore_is_loaded_from_a_file_url_and_from_a_bare_path()
    {
        using var store = TestKeystore.CreateEd25519();
        var path = Path.Combine(Path.GetTempPath(), $"jwks-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, store.JwksJson);
        try
        {
            using var fromUrl = TokenKeystore.Load(new Uri(path).AbsoluteUri);
            using var fromPath = TokenKeystore.Load(path);

            Assert.StartsWith("file://", new Uri(path).AbsoluteUri, StringComparison.Ordinal);
            Assert.Equal(store.Keystore.KeyIds, fromUrl.KeyIds);
            Assert.Equal(store.Keystore.KeyIds, fromPath.KeyIds);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_keystore_file_is_reported_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json");

        var error = Assert.Throws<TokenKeystoreException>(() => TokenKeystore.Load($"file://{path}"));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_url_schemes_are_refused()
    {
        var error = Assert.Throws<TokenKeystoreException>(() => TokenKeystore.Load("https://example.org/jwks.json"));
        Assert.Equal("Only file:// URLs are supported for the keystore", error.Message);
    }

    [Theory]
    [InlineData("{", "Invalid JSON string")]
    [InlineData("[]", "Invalid JSON string")]
    [InlineData("{}", "missing 'keys' field")]
    [InlineData("""{"keys": {}}""", "'keys' field must be a list")]
    [InlineData("""{"keys": []}""", "'keys' field is empty")]
    public void A_keystore_that_is_not_a_JWKS_is_refused(string json, string message)
    {
        var error = Assert.Throws<TokenKeystoreException>(() => TokenKeystore.Parse(json));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kty", "EC", "key type 'EC' is not supported")]
    [InlineData("crv", "X25519", "curve 'X25519' is not supported")]
    [InlineData("x", "not*base64", "member 'x' is not valid base64url")]
    [InlineData("x", "AAAA", "must be 32 bytes")]
    [InlineData("alg", "HS256", "algorithm 'HS256' is not supported")]
    [InlineData("alg", "RS256", "does not fit key type 'OKP'")]
    public void An_unusable_Ed25519_key_is_refused_by_its_kid(string member, string value, string why)
    {
        var key = JsonWebKeyGenerator.CreateEd25519("broken-key", ["sign", "verify"]);
        key[member] = value;

        var error = Assert.Throws<TokenKeystoreException>(() => TokenKeystore.Parse(Jwks(key)));
        Assert.Contains("Key 'broken-key'", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Ed25519_key_whose_public_part_does_not_match_its_private_part_is_refused()
    {
        var key = JsonWebKeyGenerator.CreateEd25519("mismatched", ["sign", "verify"]);
        key["x"] = JsonWebKeyGenerator.CreateEd25519("other", ["verify"])["x"]!.GetValue<string>();

        var error = Assert.Throws<TokenKeystoreException>(() => TokenKeystore.Parse(Jwks(key)));
        Assert.Contains("'mismatched'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qi")]
    [InlineData("n")]
    public void An_RSA_key_missing_a_part_is_refused_by_its_kid(string member)
    {
        var key = JsonWebKeyGenerator.CreateRsa("rsa-broken", ["sign", "verify"]);
        key.Remove(member);

        var error = Assert.Throws<TokenKeystoreException>(() => TokenKeystore.Parse(Jwks(key)));
        Assert.Contains("Key 'rsa-broken'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{member}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_errors_never_quote_private_key_material()
    {
        var key = JsonWebKeyGenerator.CreateRsa("rsa-broken", ["sign", "verify"]);
        var d = key["d"]!.GetValue<string>();
        key["p"] = key["q"]!.GetValue<string>();

        var error = Assert.Throws<TokenKeystoreException>(() => TokenKeystore.Parse(Jwks(key)));
        Assert.Contains("Key 'rsa-broken'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(d[..16], error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_without_kid_and_a_duplicated_kid_are_refused()
    {
        var noKid = JsonWebKeyGenerator.CreateEd25519("x", ["verify"]);
        noKid.Remove("kid");
        var first = JsonWebKeyGenerator.CreateEd25519("same", ["sign", "verify"]);
        var second = JsonWebKeyGenerator.CreateEd25519("same", ["verify"]);

        Assert.Contains("Key #0", Assert.Throws<TokenKeystoreException>(() => TokenKeystore.Parse(Jwks(noKid))).Message, StringComparison.Ordinal);
        Assert.Contains("appears twice", Assert.Throws<TokenKeystoreException>(() => TokenKeystore.Parse(Jwks(first, second))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_signing_key_is_the_first_key_allowed_to_sign()
    {
        var verifyOnly = JsonWebKeyGenerator.CreateRsa("old", ["verify"]);
        var signer = JsonWebKeyGenerator.CreateEd25519("current", ["sign", "verify"]);
        var later = JsonWebKeyGenerator.CreateEd25519("later", ["sign", "verify"]);

        using var store = TokenKeystore.Parse(Jwks(verifyOnly, signer, later));

        Assert.Equal("current", store.SigningKeyId);
        Assert.Equal(["old", "current", "later"], store.KeyIds);
    }

    [Fact]
    public void The_public_JWKS_holds_public_members_only()
    {
        var rsa = JsonWebKeyGenerator.CreateRsa("rsa", ["sign", "verify"]);
        var ed = JsonWebKeyGenerator.CreateEd25519("ed", ["sign", "verify"]);
        using var store = TokenKeystore.Parse(Jwks(rsa, ed));

        var keys = store.ToPublicJwks()["keys"]!.AsArray().Select(k => k!.AsObject()).ToList();

        Assert.All(keys, k => Assert.DoesNotContain(k, m => s_privateMembers.Contains(m.Key)));
        Assert.Equal(rsa["n"]!.GetValue<string>(), keys[0]["n"]!.GetValue<string>());
        Assert.Equal(ed["x"]!.GetValue<string>(), keys[1]["x"]!.GetValue<string>());
        Assert.Equal(["verify"], keys[1]["key_ops"]!.AsArray().Select(o => o!.GetValue<string>()));
        var json = store.ToPublicJwks().ToJsonString();
        Assert.DoesNotContain(rsa["d"]!.GetValue<string>(), json, StringComparison.Ordinal);
        Assert.DoesNotContain(ed["d"]!.GetValue<string>(), json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_JWKS_loads_as_a_verify_only_keystore()
    {
        using var store = TestKeystore.CreateRsa();
        var token = store.MintAccessToken(TestIdentity.NormalUser);
        var publicJwks = store.Keystore.ToPublicJwks().ToJsonString();

        using var verifyOnly = TestKeystore.FromJwks(publicJwks);

        Assert.Null(verifyOnly.Keystore.SigningKeyId);
        Assert.Equal("chaen", verifyOnly.Verifier.VerifyAccessToken(token).PreferredUsername);
    }

    private static string Jwks(params JsonObject[] keys) =>
        new JsonObject { ["keys"] = new JsonArray([.. keys]) }.ToJsonString();
}
