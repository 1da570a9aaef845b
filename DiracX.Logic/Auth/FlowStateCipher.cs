using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DiracX.Logic.Auth;

/// <summary>
/// Encrypts the state that a login flow sends through the identity provider (DiracX's <c>encrypt_state</c>): the
/// JSON object is url-safe base64-encoded, then Fernet-encrypted with <c>DIRACX_SERVICE_AUTH_STATE_KEY</c>, so Python
/// DiracX replicas and ours can complete each other's flows.
/// </summary>
public sealed class FlowStateCipher(Fernet fernet, TimeProvider timeProvider, TimeSpan maxAge)
{
    /// <summary>Encrypts a state object.</summary>
    public string Encrypt(IReadOnlyDictionary<string, string> state)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(state);
        var inner = Encoding.ASCII.GetBytes(Convert.ToBase64String(json).Replace('+', '-').Replace('/', '_'));
        return fernet.Encrypt(inner, timeProvider.GetUtcNow());
    }

    /// <summary>Decrypts a state; anything that is not a state of ours younger than the flows' lifetime fails.</summary>
    /// <exception cref="Core.Errors.DiracException">400 "Invalid state".</exception>
    public IReadOnlyDictionary<string, string> Decrypt(string state)
    {
        try
        {
            var inner = Encoding.ASCII.GetString(fernet.Decrypt(state, timeProvider.GetUtcNow(), maxAge));
            var padded = inner.Replace('-', '+').Replace('_', '/');
            padded = padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '=');
            return JsonSerializer.Deserialize<Dictionary<string, string>>(Convert.FromBase64String(padded))
                ?? throw new JsonException("null state");
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException or DecoderFallbackException)
        {
            throw new Core.Errors.DiracException("Invalid state", innerException: e);
        }
    }
}
