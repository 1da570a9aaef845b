using System.Text.Json.Nodes;
using DiracX.Core.Security;
using DiracX.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DiracX.Core.Tests.Security;

public class TokenIssuingTests
{
    private static readonly DateTimeOffset s_start = new(2025, 3, 4, 10, 20, 30, 456, TimeSpan.Zero);

    [Fact]
    public void Access_tokens_carry_DiracX_claims_with_a_vo_prefixed_subject()
    {
        using var store = TestKeystore.CreateEd25519(new FakeTimeProvider(s_start));
        var payload = TokenForge.Payload(store.MintAccessToken(TestIdentity.NormalUser));

        Assert.Equal("lhcb:b824d4dc-1f9d-4ee8-8df5-c0ae55d46041", (string?)payload["sub"]);
        Assert.Equal("lhcb", (string?)payload["vo"]);
        Assert.Equal(TestKeystore.DefaultIssuer, (string?)payload["iss"]);
        Assert.Equal("chaen", (string?)payload["preferred_username"]);
        Assert.Equal("lhcb_user", (string?)payload["dirac_group"]);
        Assert.Equal(["NormalUser", "PrivateLimitedDelegation"], payload["dirac_properties"]!.AsArray().Select(p => (string?)p));
        Assert.Equal(new JsonObject().ToJsonString(), payload["dirac_policies"]!.ToJsonString());
        Assert.Equal(7, Guid.Parse((string)payload["jti"]!).Version);
        Assert.False(payload.ContainsKey("aud") || payload.ContainsKey("iat") || payload.ContainsKey("nbf"));
    }

    [Fact]
    public void Access_token_expiry_is_the_jti_time_plus_the_configured_minutes_in_whole_seconds()
    {
        using var store = TestKeystore.CreateEd25519(new FakeTimeProvider(s_start));
        var payload = TokenForge.Payload(store.MintAccessToken(TestIdentity.NormalUser));

        var jtiTime = Uuid7.GetTimestamp((string)payload["jti"]!);
        Assert.Equal(s_start, jtiTime);
        Assert.Equal(s_start.AddMinutes(20).ToUnixTimeSeconds(), (long)payload["exp"]!);
    }

    [Fact]
    public void Refresh_tokens_carry_only_jti_exp_legacy_exchange_and_policies()
    {
        using var store = TestKeystore.CreateEd25519(new FakeTimeProvider(s_start));
        var payload = TokenForge.Payload(store.MintRefreshToken(legacyExchange: true));

        Assert.Equal(["dirac_policies", "exp", "jti", "legacy_exchange"], payload.Select(p => p.Key).Order());
        Assert.True((bool)payload["legacy_exchange"]!);
        Assert.Equal(s_start.AddMinutes(60).ToUnixTimeSeconds(), (long)payload["exp"]!);
    }

    [Fact]
    public void Rotation_gives_a_new_jti_and_keeps_the_session_expiry()
    {
        var time = new FakeTimeProvider(s_start);
        using var store = TestKeystore.CreateEd25519(time);
        var first = store.Issuer.CreateRefreshPayload();

        time.Advance(TimeSpan.FromMinutes(45));
        var rotated = store.Issuer.RotateRefreshPayload(store.Verifier.VerifyRefreshToken(store.Issuer.Sign(first)));

        Assert.NotEqual(first.Jti, rotated.Jti);
        Assert.Equal(s_start.AddMinutes(45), Uuid7.GetTimestamp(rotated.Jti));
        Assert.Equal(first.Exp, rotated.Exp);
        Assert.False(rotated.LegacyExchange);
    }

    [Fact]
    public void The_header_names_the_signing_key_and_its_algorithm_as_joserfc_writes_it()
    {
        using var ed = TestKeystore.CreateEd25519();
        using var rsa = TestKeystore.CreateRsa();

        var edHeader = TokenForge.Header(ed.MintAccessToken(TestIdentity.NormalUser));
        var rsaHeader = TokenForge.Header(rsa.MintAccessToken(TestIdentity.NormalUser));

        Assert.Equal("""{"typ":"JWT","alg":"Ed25519","kid":"KID"}""".Replace("KID", ed.Keystore.SigningKeyId, StringComparison.Ordinal), edHeader.ToJsonString());
        Assert.Equal("RS256", (string?)rsaHeader["alg"]);
        Assert.Equal(rsa.Keystore.SigningKeyId, (string?)rsaHeader["kid"]);
    }

    [Fact]
    public void Signing_with_a_key_whose_algorithm_is_not_allowed_fails()
    {
        using var ed = TestKeystore.CreateEd25519();
        using var store = TestKeystore.FromJwks(ed.JwksJson, allowedAlgorithms: ["RS256"]);

        var error = Assert.Throws<TokenKeystoreException>(() => store.MintAccessToken(TestIdentity.NormalUser));
        Assert.Contains("not in the allowed algorithms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_keystore_without_a_sign_operation_cannot_sign_but_still_verifies()
    {
        using var store = TestKeystore.CreateEd25519();
        var token = store.MintAccessToken(TestIdentity.NormalUser);
        var jwks = JsonNode.Parse(store.JwksJson)!;
        jwks["keys"]![0]!["key_ops"] = new JsonArray("verify");
        using var verifyOnly = TestKeystore.FromJwks(jwks.ToJsonString());

        var error = Assert.Throws<TokenKeystoreException>(() => verifyOnly.MintAccessToken(TestIdentity.NormalUser));
        Assert.Equal("No signing key found in JWKS", error.Message);
        Assert.Equal("chaen", verifyOnly.Verifier.VerifyAccessToken(token).PreferredUsername);
    }

    [Fact]
    public void Minted_tokens_for_every_test_identity_verify_to_that_identity()
    {
        using var store = TestKeystore.CreateEd25519();
        foreach (var identity in new[] { TestIdentity.NormalUser, TestIdentity.Admin, TestIdentity.Pilot, TestIdentity.OtherVoUser })
        {
            var claims = store.Verifier.VerifyAccessToken(store.MintAccessToken(identity));
            Assert.Equal($"{identity.Vo}:{identity.IdpSubject}", claims.Sub);
            Assert.Equal(identity.Vo, claims.Vo);
            Assert.Equal(identity.DiracGroup, claims.DiracGroup);
            Assert.Equal(identity.PreferredUsername, claims.PreferredUsername);
            Assert.Equal(identity.Properties, claims.DiracProperties);
        }
    }
}
