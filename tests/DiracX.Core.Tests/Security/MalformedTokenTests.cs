using DiracX.Core.Security;
using DiracX.Testing;

namespace DiracX.Core.Tests.Security;

public class MalformedTokenTests
{
    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("!!!.@@@.###")]
    [InlineData("eyJhbGciOiJFZDI1NTE5In0=.e30.AAAA")]
    [InlineData("Bearer abc.def.ghi")]
    public void Garbage_strings_are_rejected_as_invalid_tokens(string garbage)
    {
        using var store = TestKeystore.CreateEd25519();

        var error = Assert.Throws<InvalidTokenException>(() => store.Verifier.VerifyAccessToken(garbage));
        Assert.StartsWith("decode_error", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_JSON_array_payload_is_rejected_before_any_claim_is_read()
    {
        using var store = TestKeystore.CreateEd25519();
        var parts = TokenForge.Split(store.MintAccessToken(TestIdentity.NormalUser));

        TokenForge.AssertRejected(store, $"{parts[0]}.{TokenForge.Part("[1,2,3]")}.{parts[2]}", "not a JSON object");
    }

    [Fact]
    public void A_payload_with_duplicate_claims_is_rejected()
    {
        using var store = TestKeystore.CreateEd25519();
        var parts = TokenForge.Split(store.MintAccessToken(TestIdentity.NormalUser));
        var payload = TokenForge.Payload(store.MintAccessToken(TestIdentity.NormalUser)).ToJsonString();
        var duplicated = payload[..^1] + ",\"vo\":\"gridpp\"}";

        TokenForge.AssertRejected(store, $"{parts[0]}.{TokenForge.Part(duplicated)}.{parts[2]}", "not valid JSON");
    }

    [Fact]
    public void A_huge_input_is_rejected_without_being_decoded()
    {
        using var store = TestKeystore.CreateEd25519();
        var huge = new string('A', 1_000_000) + "." + new string('A', 1_000_000) + ".AAAA";

        TokenForge.AssertRejected(store, huge, "too long");
    }

    [Fact]
    public void Rejection_messages_never_contain_the_token()
    {
        using var store = TestKeystore.CreateEd25519();
        var token = store.MintAccessToken(TestIdentity.NormalUser);
        var parts = TokenForge.Split(token);
        var candidates = new[] { $"{parts[0]}.{parts[1]}.", $"{parts[0]}x.{parts[1]}.{parts[2]}", $"{parts[0]}.{parts[1]}x.{parts[2]}" };

        foreach (var candidate in candidates)
        {
            var error = Assert.Throws<InvalidTokenException>(() => store.Verifier.VerifyAccessToken(candidate));
            Assert.DoesNotContain(parts[1], error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("chaen", error.ToString(), StringComparison.Ordinal);
        }
    }
}
