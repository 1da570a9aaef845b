using System.Text;
using System.Text.Json;

namespace DiracX.Core.Security;

/// <summary>JWS compact serialisation (RFC 7515 §7.1): <c>base64url(header).base64url(payload).base64url(sig)</c>.</summary>
internal static class JwsCompact
{
    /// <summary>Longest token we look at; DiracX tokens are well under 2 KiB, so more is an attack or an accident.</summary>
    public const int MaxTokenLength = 16 * 1024;

    private static readonly JsonDocumentOptions s_strictJson = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    /// <summary>Signs <paramref name="payload"/> with the header <c>{"typ":"JWT","alg":...,"kid":...}</c> (joserfc's).</summary>
    public static string Sign(ReadOnlySpan<byte> payload, TokenKey key, string algorithm)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new JwsHeader("JWT", algorithm, key.Kid));
        var signingInput = $"{Base64UrlStrict.Encode(header)}.{Base64UrlStrict.Encode(payload)}";
        var signature = key.Sign(Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64UrlStrict.Encode(signature)}";
    }

    /// <summary>Splits and decodes a token without checking its signature; throws <see cref="InvalidTokenException"/>.</summary>
    public static DecodedJws Decode(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw new InvalidTokenException("decode_error: empty token");
        }
        if (token.Length > MaxTokenLength)
        {
            throw new InvalidTokenException("decode_error: token too long");
        }
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            throw new InvalidTokenException("decode_error: a JWS must have three parts");
        }
        var header = ParseObject(DecodePart(parts[0], "header"), "header");
        var payload = ParseObject(DecodePart(parts[1], "payload"), "payload");
        var signature = DecodePart(parts[2], "signature");
        var signingInput = Encoding.ASCII.GetBytes(token[..(parts[0].Length + 1 + parts[1].Length)]);
        return new DecodedJws(header, payload, signingInput, signature);
    }

    private static byte[] DecodePart(string part, string name) =>
        Base64UrlStrict.TryDecode(part, out var bytes)
            ? bytes
            : throw new InvalidTokenException($"decode_error: the {name} is not base64url");

    private static JsonElement ParseObject(byte[] json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json, s_strictJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new InvalidTokenException($"decode_error: the {name} is not a JSON object");
        }
        catch (JsonException)
        {
            // The parser's message may quote the token, so it is not kept.
            throw new InvalidTokenException($"decode_error: the {name} is not valid JSON");
        }
    }

    private sealed record JwsHeader(
        [property: System.Text.Json.Serialization.JsonPropertyName("typ")] string Typ,
        [property: System.Text.Json.Serialization.JsonPropertyName("alg")] string Alg,
        [property: System.Text.Json.Serialization.JsonPropertyName("kid")] string Kid);
}

/// <summary>A decoded but not yet verified JWS.</summary>
internal sealed record DecodedJws(JsonElement Header, JsonElement Payload, byte[] SigningInput, byte[] Signature);
