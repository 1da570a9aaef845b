using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiracX.Core.Security;

/// <summary>
/// Key maintenance as DiracX's <c>python -m diracx.logic rotate-jwk|delete-jwk</c>: pure functions over JWKS JSON
/// (private parts included) and file helpers that replace a keystore file atomically.
/// </summary>
public static class JwksMaintenance
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>
    /// Inserts a new Ed25519 key (kid = UUIDv7 hex, key_ops [sign, verify]) at index 0, so it signs from now on, and
    /// strips "sign" from the key that was at index 0 (it keeps verifying the tokens it signed).
    /// </summary>
    /// <param name="jwksJson">The current JWKS; <see langword="null"/> or blank for none (DiracX starts a new one).</param>
    /// <param name="timeProvider">Clock for the new key id.</param>
    /// <returns>The new JWKS JSON, indented.</returns>
    public static string Rotate(string? jwksJson, TimeProvider timeProvider)
    {
        var jwks = string.IsNullOrWhiteSpace(jwksJson) ? new JsonObject { ["keys"] = new JsonArray() } : ParseJwks(jwksJson);
        var keys = (JsonArray)jwks["keys"]!;
        if (keys.Count > 0 && keys[0] is JsonObject active)
        {
            // A key without key_ops may do anything; it must keep verifying, so it gets ["verify"] rather than [].
            IEnumerable<string> remaining = active["key_ops"] is null
                ? [TokenKey.VerifyOperation]
                : KeyOperations(active).Where(op => op != TokenKey.SignOperation).Distinct().Order(StringComparer.Ordinal);
            active["key_ops"] = new JsonArray([.. remaining.Select(op => JsonValue.Create(op))]);
        }
        var kid = JsonWebKeyGenerator.NewKeyId(timeProvider);
        keys.Insert(0, JsonWebKeyGenerator.CreateEd25519(kid, [TokenKey.SignOperation, TokenKey.VerifyOperation]));
        return jwks.ToJsonString(s_indented);
    }

    /// <summary>Removes the key <paramref name="kid"/> (tokens it signed become invalid); an unknown kid changes nothing.</summary>
    /// <returns>The new JWKS JSON, indented.</returns>
    public static string Delete(string jwksJson, string kid)
    {
        var jwks = ParseJwks(jwksJson);
        var keys = (JsonArray)jwks["keys"]!;
        foreach (var key in keys.Where(k => k is JsonObject o && o["kid"]?.GetValueKind() == JsonValueKind.String
                     && o["kid"]!.GetValue<string>() == kid).ToList())
        {
            keys.Remove(key);
        }
        return jwks.ToJsonString(s_indented);
    }

    /// <summary>Rotates the keystore file at <paramref name="path"/>, creating it when missing.</summary>
    public static async Task RotateFileAsync(string path, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var current = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
        await WriteFileAtomicallyAsync(path, Rotate(current, timeProvider), cancellationToken);
    }

    /// <summary>Deletes a key from the keystore file at <paramref name="path"/>.</summary>
    public static async Task DeleteFromFileAsync(string path, string kid, CancellationToken cancellationToken)
    {
        var current = await File.ReadAllTextAsync(path, cancellationToken);
        await WriteFileAtomicallyAsync(path, Delete(current, kid), cancellationToken);
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="contents"/> so that readers see the old or the new file,
    /// never a partial one; the file is readable by its owner only (it holds private keys).
    /// </summary>
    public static async Task WriteFileAtomicallyAsync(string path, string contents, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            await using (var stream = new FileStream(temporary, options))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteAsync(contents.AsMemory(), cancellationToken);
                await writer.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static JsonObject ParseJwks(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            throw new TokenKeystoreException("Invalid JSON string");
        }
        return root is JsonObject jwks && jwks["keys"] is JsonArray
            ? jwks
            : throw new TokenKeystoreException("Invalid JSON string, missing 'keys' list");
    }

    private static IEnumerable<string> KeyOperations(JsonObject key) => key["key_ops"] switch
    {
        JsonArray ops => ops.Where(op => op?.GetValueKind() == JsonValueKind.String).Select(op => op!.GetValue<string>()),
        JsonValue op when op.GetValueKind() == JsonValueKind.String => [op.GetValue<string>()],
        _ => [],
    };
}
