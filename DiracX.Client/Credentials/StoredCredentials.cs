using DiracX.Client.Generated;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiracX.Client.Credentials;

/// <summary>
/// The credentials file of DiracX's client (<c>serialize_credentials</c>): the access token, the refresh token and
/// <c>expires_on</c>, the Unix time at which the access token should be considered expired (its lifetime minus a
/// 15 s grace).
/// </summary>
public sealed record StoredCredentials(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("expires_on")] long ExpiresOn)
{
    /// <summary>The seconds taken off the token's lifetime when computing <see cref="ExpiresOn"/> (DiracX's EXPIRES_GRACE_SECONDS).</summary>
    public const int ExpiresGraceSeconds = 15;

    /// <summary>The credentials of a token response received at <paramref name="now"/>.</summary>
    public static StoredCredentials From(TokenResponse response, DateTimeOffset now) =>
        new(response.Access_token, response.Refresh_token, now.ToUnixTimeSeconds() + response.Expires_in - ExpiresGraceSeconds);

    /// <summary>The JSON written to the file.</summary>
    public string Serialize() => JsonSerializer.Serialize(this);

    /// <summary>Parses the file's JSON; null when it is not valid credentials (DiracX then sends no token).</summary>
    public static StoredCredentials? Parse(string json)
    {
        try
        {
            var credentials = JsonSerializer.Deserialize<StoredCredentials>(json);
            return credentials is { AccessToken: not null } ? credentials : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the credentials to <paramref name="path"/> (mode 0600) under the exclusive lock.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        using var file = (await LockedFile.OpenAsync(path, create: true, cancellationToken).ConfigureAwait(false))!;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file.Stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        await file.WriteAllTextAsync(Serialize(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The expiry (<c>exp</c>) of a JWT read without verifying it, as DiracX's client reads the refresh token.</summary>
    public static DateTimeOffset? UnverifiedExpiry(string? jwt)
    {
        var parts = jwt?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }
        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var doc = JsonDocument.Parse(Convert.FromBase64String(payload));
            return doc.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
