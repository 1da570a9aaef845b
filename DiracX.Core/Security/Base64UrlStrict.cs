using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace DiracX.Core.Security;

/// <summary>Base64url (RFC 4648 §5, no padding) that accepts only the canonical encoding.</summary>
/// <remarks>
/// The framework decoder tolerates padding and whitespace; JWS forbids both, and accepting only the canonical form
/// means a signature or key has exactly one spelling.
/// </remarks>
internal static class Base64UrlStrict
{
    public static string Encode(ReadOnlySpan<byte> data) => Base64Url.EncodeToString(data);

    public static bool TryDecode(ReadOnlySpan<char> text, [NotNullWhen(true)] out byte[]? data)
    {
        data = null;
        if (text.Length % 4 == 1)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!IsAlphabet(c))
            {
                return false;
            }
        }
        var buffer = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        int written;
        try
        {
            // Despite its name, TryDecodeFromChars throws on some malformed input instead of returning false.
            if (!Base64Url.TryDecodeFromChars(text, buffer, out written))
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }
        var decoded = buffer.AsSpan(0, written).ToArray();
        // Non-zero unused bits in the last character decode to the same bytes; reject such second spellings.
        if (!text.SequenceEqual(Base64Url.EncodeToString(decoded)))
        {
            return false;
        }
        data = decoded;
        return true;
    }

    private static bool IsAlphabet(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';
}
