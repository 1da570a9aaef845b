using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using DiracX.Core.Security;
using DiracX.Testing;

namespace DiracX.Core.Tests.Security;

/// <summary>Builds compact JWS strings by hand, for tokens our issuer would never produce.</summary>
internal static class TokenForge
{
    public static string Part(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    public static string Part(JsonNode node) => Part(node.ToJsonString());

    public static string[] Split(string token) => token.Split('.');

    public static JsonObject Header(string token) =>
        (JsonObject)JsonNode.Parse(Base64Url.DecodeFromChars(Split(token)[0]))!;

    public static JsonObject Payload(string token) =>
        (JsonObject)JsonNode.Parse(Base64Url.DecodeFromChars(Split(token)[1]))!;

    /// <summary>The token with its payload replaced and its original signature kept.</summary>
    public static string WithPayload(string token, JsonNode payload)
    {
        var parts = Split(token);
        return $"{parts[0]}.{Part(payload)}.{parts[2]}";
    }

    /// <summary>The token with its header replaced and its original signature kept.</summary>
    public static string WithHeader(string token, JsonNode header)
    {
        var parts = Split(token);
        return $"{Part(header)}.{parts[1]}.{parts[2]}";
    }

    /// <summary>Asserts that the access-token verifier rejects <paramref name="token"/> for the given reason.</summary>
    public static void AssertRejected(TestKeystore store, string token, string reasonFragment)
    {
        var error = Assert.Throws<InvalidTokenException>(() => store.Verifier.VerifyAccessToken(token));
        Assert.Contains(reasonFragment, error.Reason, StringComparison.Ordinal);
    }
}
