using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DiracX.Logic.Auth;

/// <summary>
/// Fernet symmetric encryption (the spec of Python's <c>cryptography.fernet</c>): AES-128-CBC with PKCS#7 padding,
/// authenticated by HMAC-SHA256, in a url-safe base64 token <c>0x80 ‖ time(8, big-endian) ‖ IV(16) ‖ ciphertext ‖
/// HMAC(32)</c>. The key is url-safe base64 of 32 bytes: the signing key, then the encryption key. Python DiracX and
/// this implementation read each other's tokens with the same <c>DIRACX_SERVICE_AUTH_STATE_KEY</c>.
/// </summary>
public sealed class Fernet
{
    private const byte Version = 0x80;
    private const int HeaderLength = 1 + 8 + 16;
    private const int MacLength = 32;
    private static readonly TimeSpan s_maxClockSkew = TimeSpan.FromSeconds(60);

    private readonly byte[] _signingKey;
    private readonly byte[] _encryptionKey;

    /// <summary>Creates a Fernet from its key (url-safe base64 of 32 bytes, padded as Python writes it).</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes of url-safe base64.</exception>
    public Fernet(string key)
    {
        byte[] raw;
        try
        {
            raw = DecodeBase64Url(key);
        }
        catch (FormatException e)
        {
            throw new ArgumentException("Fernet key must be 32 url-safe base64-encoded bytes.", nameof(key), e);
        }
        if (raw.Length != 32)
        {
            throw new ArgumentException("Fernet key must be 32 url-safe base64-encoded bytes.", nameof(key));
        }
        _signingKey = raw[..16];
        _encryptionKey = raw[16..];
    }

    /// <summary>A new random key, as Python's <c>Fernet.generate_key()</c>.</summary>
    public static string GenerateKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_');

    /// <summary>Encrypts <paramref name="plaintext"/>, stamping the token with <paramref name="now"/>.</summary>
    public string Encrypt(ReadOnlySpan<byte> plaintext, DateTimeOffset now)
    {
        var iv = RandomNumberGenerator.GetBytes(16);
        using var aes = Aes.Create();
        aes.Key = _encryptionKey;
        var ciphertext = aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7);
        var token = new byte[HeaderLength + ciphertext.Length + MacLength];
        token[0] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(token.AsSpan(1, 8), (ulong)now.ToUnixTimeSeconds());
        iv.CopyTo(token, 9);
        ciphertext.CopyTo(token, HeaderLength);
        HMACSHA256.HashData(_signingKey, token.AsSpan(0, HeaderLength + ciphertext.Length), token.AsSpan(HeaderLength + ciphertext.Length));
        return Convert.ToBase64String(token).Replace('+', '-').Replace('/', '_');
    }

    /// <summary>
    /// Verifies and decrypts a token. With <paramref name="ttl"/>, a token older than it (or stamped more than 60
    /// seconds in the future) is refused, as Python's <c>decrypt(token, ttl)</c> does.
    /// </summary>
    /// <exception cref="CryptographicException">The token is malformed, forged, tampered with or too old.</exception>
    public byte[] Decrypt(string token, DateTimeOffset now, TimeSpan? ttl = null)
    {
        byte[] data;
        try
        {
            data = DecodeBase64Url(token);
        }
        catch (FormatException e)
        {
            throw new CryptographicException("Invalid Fernet token", e);
        }
        if (data.Length < HeaderLength + 16 + MacLength || data[0] != Version || (data.Length - HeaderLength - MacLength) % 16 != 0)
        {
            throw new CryptographicException("Invalid Fernet token");
        }
        var signed = data.AsSpan(0, data.Length - MacLength);
        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(_signingKey, signed, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, data.AsSpan(data.Length - MacLength)))
        {
            throw new CryptographicException("Invalid Fernet token");
        }
        if (ttl is { } lifetime)
        {
            var stamped = DateTimeOffset.FromUnixTimeSeconds((long)BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(1, 8)));
            if (stamped + lifetime < now || now + s_maxClockSkew < stamped)
            {
                throw new CryptographicException("Expired Fernet token");
            }
        }
        using var aes = Aes.Create();
        aes.Key = _encryptionKey;
        return aes.DecryptCbc(data.AsSpan(HeaderLength, data.Length - HeaderLength - MacLength), data.AsSpan(9, 16), PaddingMode.PKCS7);
    }

    private static byte[] DecodeBase64Url(string value)
    {
        var s = value.Trim().Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        return Convert.FromBase64String(s);
    }
}
