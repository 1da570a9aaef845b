using System.Buffers.Text;
using System.Text.Json.Nodes;
using DiracX.Core.Security;
using DiracX.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DiracX.Core.Tests.Security;

public class TokenVerificationTests
{
    private static readonly DateTimeOffset s_start = new(2025, 3, 4, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Ed25519")]
    [InlineData("RS256")]
    public void A_token_from_the_keystore_verifies_to_its_claims(string algorithm)
    {
        using var store = algorithm == "RS256" ? TestKeystore.CreateRsa() : TestKeystore.CreateEd25519();
        var payload = store.AccessPayload(TestIdentity.Admin);

        var claims = store.Verifier.VerifyAccessToken(store.Issuer.Sign(payload));

        Assert.Equal(payload.Jti, claims.Jti);
        Assert.Equal(payload.Exp, claims.Exp);
        Assert.Equal(["JobAdministrator"], claims.DiracProperties);
        Assert.Empty(claims.DiracPolicies);
    }

    [Fact]
    public void A_tampered_payload_fails_the_signature_check()
    {
        using var store = TestKeystore.CreateEd25519();
        var token = store.MintAccessToken(TestIdentity.NormalUser);
        var payload = TokenForge.Payload(token);
        payload["dirac_properties"] = new JsonArray("JobAdministrator");

        TokenForge.AssertRejected(store, TokenForge.WithPayload(token, payload), "bad_signature");
    }

    [Theory]
    [InlineData("Ed25519")]
    [InlineData("RS256")]
    public void A_forged_signature_is_rejected(string algorithm)
    {
        using var store = algorithm == "RS256" ? TestKeystore.CreateRsa() : TestKeystore.CreateEd25519();
        var parts = TokenForge.Split(store.MintAccessToken(TestIdentity.NormalUser));
        var signature = Base64Url.DecodeFromChars(parts[2]);
        signature[^1] ^= 0x01;

        TokenForge.AssertRejected(store, $"{parts[0]}.{parts[1]}.{Base64Url.EncodeToString(signature)}", "bad_signature");
    }

    [Fact]
    public void An_unsigned_alg_none_token_is_rejected()
    {
        using var store = TestKeystore.CreateEd25519();
        var token = store.MintAccessToken(TestIdentity.NormalUser);
        var header = new JsonObject { ["alg"] = "none", ["kid"] = store.Keystore.SigningKeyId };
        var parts = TokenForge.Split(token);

        TokenForge.AssertRejected(store, $"{TokenForge.Part(header)}.{parts[1]}.", "unsupported_algorithm");
        TokenForge.AssertRejected(store, $"{TokenForge.Part(header)}.{parts[1]}.{parts[2]}", "unsupported_algorithm");
    }

    [Fact]
    public void An_RS256_header_on_an_Ed25519_key_is_rejected()
    {
        using var store = TestKeystore.CreateEd25519();
        var token = store.MintAccessToken(TestIdentity.NormalUser);
        var header = TokenForge.Header(token);
        header["alg"] = "RS256";

        TokenForge.AssertRejected(store, TokenForge.WithHeader(token, header), "invalid_key_type");
    }

    [Fact]
    public void An_algorithm_outside_the_allow_list_is_rejected_even_when_the_signature_is_good()
    {
        using var store = TestKeystore.CreateEd25519();
        var token = store.MintAccessToken(TestIdentity.NormalUser);
        using var rsaOnly = TestKeystore.FromJwks(store.JwksJson, allowedAlgorithms: ["RS256"]);

        TokenForge.AssertRejected(rsaOnly, token, "unsupported_algorithm");
    }

    [Fact]
    public void A_token_signed_by_a_foreign_key_with_an_unknown_kid_is_rejected()
    {
        using var store = TestKeystore.CreateEd25519();
        using var foreign = TestKeystore.CreateEd25519();

        TokenForge.AssertRejected(store, foreign.MintAccessToken(TestIdentity.NormalUser), "No key for kid");
    }

    [Fact]
    public void A_token_signed_by_a_foreign_key_reusing_a_known_kid_is_rejected()
    {
        using var store = TestKeystore.CreateEd25519();
        var kid = store.Keystore.SigningKeyId!;
        var impostor = new JsonObject { ["keys"] = new JsonArray(JsonWebKeyGenerator.CreateEd25519(kid, ["sign", "verify"])) };
        using var foreign = TestKeystore.FromJwks(impostor.ToJsonString());

        TokenForge.AssertRejected(store, foreign.MintAccessToken(TestIdentity.NormalUser), "bad_signature");
    }

    [Fact]
    public void An_expired_token_is_rejected_and_one_second_earlier_it_was_valid()
    {
        var time = new FakeTimeProvider(s_start);
        using var store = TestKeystore.CreateEd25519(time);
        var token = store.MintAccessToken(TestIdentity.NormalUser);

        time.Advance(TimeSpan.FromMinutes(20) - TimeSpan.FromSeconds(1));
        Assert.Equal("chaen", store.Verifier.VerifyAccessToken(token).PreferredUsername);
        time.Advance(TimeSpan.FromSeconds(1));
        TokenForge.AssertRejected(store, token, "expired_token");
    }

    [Fact]
    public void A_correctly_signed_token_without_exp_is_rejected()
    {
        using var store = TestKeystore.CreateEd25519();
        var claims = TokenForge.Payload(store.MintAccessToken(TestIdentity.Admin));
        claims.Remove("exp");

        TokenForge.AssertRejected(store, store.Issuer.SignClaims(claims), "missing_claim");
    }

    [Fact]
    public void A_non_numeric_exp_is_rejected()
    {
        using var store = TestKeystore.CreateEd25519();
        var claims = TokenForge.Payload(store.MintAccessToken(TestIdentity.NormalUser));
        claims["exp"] = "2999-01-01";

        TokenForge.AssertRejected(store, store.Issuer.SignClaims(claims), "invalid_claim");
    }

    [Fact]
    public void A_fractional_exp_as_DiracX_tests_write_it_is_accepted()
    {
        var time = new FakeTimeProvider(s_start);
        using var store = TestKeystore.CreateEd25519(time);
        var claims = TokenForge.Payload(store.MintRefreshToken());
        claims["exp"] = s_start.AddHours(1).ToUnixTimeMilliseconds() / 1000.0 + 0.25;

        Assert.Equal(s_start.AddHours(1).AddMilliseconds(250), store.Verifier.VerifyRefreshToken(store.Issuer.SignClaims(claims)).Exp);
    }

    [Fact]
    public void A_token_from_another_issuer_is_rejected()
    {
        using var store = TestKeystore.CreateEd25519();
        var claims = TokenForge.Payload(store.MintAccessToken(TestIdentity.NormalUser));
        claims["iss"] = "https://evil.example/";

        TokenForge.AssertRejected(store, store.Issuer.SignClaims(claims), "invalid_claim: \"iss\"");
    }

    [Theory]
    [InlineData("sub")]
    [InlineData("vo")]
    [InlineData("dirac_group")]
    [InlineData("dirac_properties")]
    [InlineData("preferred_username")]
    [InlineData("jti")]
    [InlineData("iss")]
    public void An_access_token_missing_a_required_claim_is_rejected(string claim)
    {
        using var store = TestKeystore.CreateEd25519();
        var claims = TokenForge.Payload(store.MintAccessToken(TestIdentity.NormalUser));
        claims.Remove(claim);

        TokenForge.AssertRejected(store, store.Issuer.SignClaims(claims), $"Missing claim: \"{claim}\"");
    }

    [Fact]
    public void A_claim_of_the_wrong_type_is_rejected()
    {
        using var store = TestKeystore.CreateEd25519();
        var claims = TokenForge.Payload(store.MintAccessToken(TestIdentity.NormalUser));
        claims["dirac_properties"] = "NormalUser";

        TokenForge.AssertRejected(store, store.Issuer.SignClaims(claims), "invalid_claim");
    }

    [Fact]
    public void A_refresh_token_never_passes_as_an_access_token_nor_the_reverse()
    {
        using var store = TestKeystore.CreateEd25519();

        TokenForge.AssertRejected(store, store.MintRefreshToken(), "missing_claim");
        var error = Assert.Throws<InvalidTokenException>(
            () => store.Verifier.VerifyRefreshToken(store.MintAccessToken(TestIdentity.NormalUser)));
        Assert.Contains("legacy_exchange", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Refresh_tokens_are_verified_with_their_claims()
    {
        using var store = TestKeystore.CreateRsa();
        var payload = store.Issuer.CreateRefreshPayload(legacyExchange: true);

        var claims = store.Verifier.VerifyRefreshToken(store.Issuer.Sign(payload));

        Assert.Equal(payload.Jti, claims.Jti);
        Assert.Equal(payload.Exp, claims.Exp);
        Assert.True(claims.LegacyExchange);
    }

    [Fact]
    public void An_expired_refresh_token_gives_DiracX_s_expired_token_reason()
    {
        var time = new FakeTimeProvider(s_start);
        using var store = TestKeystore.CreateEd25519(time);
        var token = store.MintRefreshToken();
        time.Advance(TimeSpan.FromMinutes(61));

        var error = Assert.Throws<InvalidTokenException>(() => store.Verifier.VerifyRefreshToken(token));
        Assert.Equal("expired_token: The token is expired", error.Reason);
    }

    [Fact]
    public void A_key_whose_key_ops_exclude_verify_cannot_verify()
    {
        using var store = TestKeystore.CreateEd25519();
        var token = store.MintAccessToken(TestIdentity.NormalUser);
        var jwks = JsonNode.Parse(store.JwksJson)!;
        jwks["keys"]![0]!["key_ops"] = new JsonArray("sign");
        using var signOnly = TestKeystore.FromJwks(jwks.ToJsonString());

        TokenForge.AssertRejected(signOnly, token, "unsupported_key_operation");
    }
}
