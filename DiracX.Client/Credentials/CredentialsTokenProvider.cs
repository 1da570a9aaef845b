using DiracX.Client.Generated;
using DiracX.Client.Http;

namespace DiracX.Client.Credentials;

/// <summary>
/// Access tokens from the credentials file, refreshed shortly before they expire (DiracX's client <c>get_token</c>):
/// a token kept in memory is used while more than five minutes are left; otherwise the file is opened under an
/// exclusive lock, its access token used if still valid, else its refresh token (if its unverified <c>exp</c> is in the
/// future) exchanged at the token endpoint and the file rewritten before the lock is released. So among processes
/// sharing the file exactly one refresh reaches the server; the others read the rotated tokens. Without a file, or with
/// an expired refresh token, no token is sent and the server answers 401.
/// </summary>
public sealed class CredentialsTokenProvider : IAccessTokenProvider, IDisposable
{
    /// <summary>A token with less than this left is refreshed (DiracX's <c>is_token_valid</c>).</summary>
    public static readonly TimeSpan MinimumValidity = TimeSpan.FromMinutes(5);

    private readonly string _path;
    private readonly Func<string, CancellationToken, Task<TokenResponse>> _refreshWith;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private StoredCredentials? _cached;

    /// <summary>
    /// Reads <paramref name="credentialsPath"/> and refreshes with <paramref name="refresh"/> (a POST to the token
    /// endpoint with <c>grant_type=refresh_token</c>, given the refresh token).
    /// </summary>
    public CredentialsTokenProvider(string credentialsPath, Func<string, CancellationToken, Task<TokenResponse>> refresh, TimeProvider? time = null)
    {
        _path = credentialsPath;
        _refreshWith = refresh;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The number of refreshes this provider sent (for diagnostics and tests).</summary>
    public int RefreshCount { get; private set; }

    /// <inheritdoc />
    public async ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        if (IsValid(_cached))
        {
            return _cached!.AccessToken;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsValid(_cached))
            {
                return _cached!.AccessToken;
            }
            using var file = await LockedFile.OpenAsync(_path, create: false, cancellationToken).ConfigureAwait(false);
            if (file is null)
            {
                return null;
            }
            var stored = StoredCredentials.Parse(await file.ReadAllTextAsync(cancellationToken).ConfigureAwait(false));
            if (stored is null)
            {
                return null;
            }
            if (IsValid(stored))
            {
                _cached = stored;
                return stored.AccessToken;
            }
            if (StoredCredentials.UnverifiedExpiry(stored.RefreshToken) is not { } expiry || expiry <= _time.GetUtcNow())
            {
                return null;
            }
            var response = await _refreshWith(stored.RefreshToken!, cancellationToken).ConfigureAwait(false);
            RefreshCount++;
            var renewed = StoredCredentials.From(response, _time.GetUtcNow());
            await file.WriteAllTextAsync(renewed.Serialize(), cancellationToken).ConfigureAwait(false);
            _cached = renewed;
            return renewed.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsValid(StoredCredentials? credentials) =>
        credentials is not null && DateTimeOffset.FromUnixTimeSeconds(credentials.ExpiresOn) - _time.GetUtcNow() > MinimumValidity;

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
