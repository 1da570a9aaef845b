using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiracX.Core.Security;

/// <summary>
/// The keys that sign and verify DiracX tokens, loaded from a JWKS as DiracX writes it
/// (<c>DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE</c>).
/// </summary>
/// <remarks>
/// The signing key is the first key whose <c>key_ops</c> contains "sign"; tokens are verified with the key named by
/// their <c>kid</c>, over all keys. Every key must be usable (RSA, or OKP with curve Ed25519) or loading fails.
/// </remarks>
public sealed class TokenKeystore : IDisposable
{
    // Replaced as a whole when the keystore file changes (ReplaceKeys): readers take one consistent list.
    private volatile List<TokenKey> _keys;
    private long _version;

    private TokenKeystore(List<TokenKey> keys)
    {
        _keys = keys;
    }

    /// <summary>
    /// Raised after the keys were replaced (a key added or deleted in the keystore file). Anything that remembers the
    /// outcome of a verification (a cache of verified tokens) must flush it here: a deleted key must stop verifying.
    /// </summary>
    public event Action<TokenKeystore>? Changed;

    /// <summary>How many times the keys were replaced since loading (0 at first).</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>
    /// Replaces every key with those of <paramref name="json"/> (JWKS, as <see cref="Parse"/>); on error the current
    /// keys stay. The replaced keys are left to the garbage collector: a verification in flight may still use them.
    /// </summary>
    /// <exception cref="TokenKeystoreException">The JSON is not a usable keystore.</exception>
    public void ReplaceKeys(string json)
    {
        _keys = Parse(json)._keys;
        Interlocked.Increment(ref _version);
        Changed?.Invoke(this);
    }

    /// <summary>The local path of a file setting value (<c>file://</c> URL or bare path), or null for inline JSON.</summary>
    public static string? FilePathOf(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        return trimmed.StartsWith('{') || trimmed.StartsWith('[') ? null : ToLocalPath(trimmed);
    }

    /// <summary>The <c>kid</c> of every key, in keystore order.</summary>
    public IReadOnlyList<string> KeyIds => [.. _keys.Select(k => k.Kid)];

    /// <summary>The <c>kid</c> of the signing key, or <see langword="null"/> when no key may sign.</summary>
    public string? SigningKeyId => SigningKeyOrNull?.Kid;

    internal TokenKey? SigningKeyOrNull => _keys.FirstOrDefault(k => k.CanSign);

    /// <summary>
    /// Loads the keystore from a setting value: the JWKS JSON itself, or a <c>file://</c> URL or bare path of a file
    /// holding it (DiracX treats any value not starting with <c>{</c> or <c>[</c> as a file).
    /// </summary>
    public static TokenKeystore Load(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            return Parse(value);
        }
        var path = ToLocalPath(trimmed);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenKeystoreException($"Cannot read the keystore file {path}: {e.Message}", e);
        }
        return Parse(json);
    }

    /// <summary>Parses JWKS JSON (<c>{"keys": [...]}</c>, at least one key).</summary>
    public static TokenKeystore Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            // The JSON error is not passed on: its message may quote key material.
            throw new TokenKeystoreException("Invalid JSON string");
        }
        if (root is not JsonObject jwks)
        {
            throw new TokenKeystoreException("Invalid JSON string");
        }
        if (!jwks.TryGetPropertyValue("keys", out var keysNode))
        {
            throw new TokenKeystoreException("Invalid JSON string, missing 'keys' field");
        }
        if (keysNode is not JsonArray keys)
        {
            throw new TokenKeystoreException("Invalid JSON string, 'keys' field must be a list");
        }
        if (keys.Count == 0)
        {
            throw new TokenKeystoreException("Invalid JSON string, 'keys' field is empty");
        }
        return new TokenKeystore(ReadKeys(keys));
    }

    /// <summary>The public JWKS for <c>/.well-known/jwks.json</c>: public members of every key, never private ones.</summary>
    public JsonObject ToPublicJwks() => new() { ["keys"] = new JsonArray([.. _keys.Select(k => k.ToPublicJwk())]) };

    /// <summary>Finds a key by <c>kid</c> (ordinal comparison).</summary>
    internal TokenKey? Find(string kid) => _keys.Find(k => k.Kid == kid);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }

    private static List<TokenKey> ReadKeys(JsonArray keys)
    {
        var read = new List<TokenKey>(keys.Count);
        try
        {
            for (var i = 0; i < keys.Count; i++)
            {
                var key = JsonWebKeyReader.Read(keys[i], i);
                if (read.Exists(k => k.Kid == key.Kid))
                {
                    key.Dispose();
                    throw new TokenKeystoreException($"Key '{key.Kid}' appears twice in the keystore");
                }
                read.Add(key);
            }
        }
        catch
        {
            read.ForEach(k => k.Dispose());
            throw;
        }
        return read;
    }

    private static string ToLocalPath(string value)
    {
        if (!value.Contains("://", StringComparison.Ordinal))
        {
            return value;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !uri.IsFile)
        {
            throw new TokenKeystoreException("Only file:// URLs are supported for the keystore");
        }
        return uri.LocalPath;
    }
}
