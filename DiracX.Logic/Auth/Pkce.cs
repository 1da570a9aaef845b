using System.Security.Cryptography;
using System.Text;

namespace DiracX.Logic.Auth;

/// <summary>PKCE (RFC 7636) with the S256 method.</summary>
public static class Pkce
{
    /// <summary>A new verifier: 64 hex characters, as DiracX's <c>secrets.token_hex()</c>.</summary>
    public static string NewVerifier() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The S256 challenge of a verifier: unpadded url-safe base64 of its SHA-256.</summary>
    public static string ChallengeOf(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Whether a verifier matches a challenge (constant time).</summary>
    public static bool Matches(string verifier, string challenge) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(ChallengeOf(verifier)), Encoding.UTF8.GetBytes(challenge));
}
