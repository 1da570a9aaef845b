namespace DiracX.Client.Http;

/// <summary>
/// Supplies the access token of each request. The credentials file and token refresh (DiracX's client patches) plug in
/// here; null means "send no Authorization header" and lets the server answer 401.
/// </summary>
public interface IAccessTokenProvider
{
    /// <summary>A valid access token, or null.</summary>
    ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken);
}

/// <summary>A fixed token (scripts, tests, tokens obtained elsewhere).</summary>
public sealed class StaticAccessTokenProvider(string? accessToken) : IAccessTokenProvider
{
    /// <inheritdoc />
    public ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(accessToken);
}

/// <summary>
/// Adds <c>Authorization: Bearer</c> from an <see cref="IAccessTokenProvider"/> when the request has none, except on
/// the routes that take no token (<see cref="IsPublic"/>): asking the provider may refresh, and a refresh the server
/// refuses (a revoked session) must not stop a new login.
/// </summary>
public sealed class BearerTokenHandler(IAccessTokenProvider tokens) : DelegatingHandler
{
    private static readonly string[] s_publicAuthRoutes =
        ["/api/auth/device", "/api/auth/token", "/api/auth/revoke", "/api/auth/authorize", "/api/auth/authorize/complete", "/api/auth/device/complete"];

    /// <summary>
    /// Whether a route is one of the server's unauthenticated ones: the <c>.well-known</c> documents, health, and the
    /// login, token and revocation routes of <c>/api/auth</c> (user info and refresh-token management need a token).
    /// </summary>
    public static bool IsPublic(Uri? requestUri)
    {
        if (requestUri is null || !requestUri.IsAbsoluteUri)
        {
            return false;
        }
        var path = requestUri.AbsolutePath.TrimEnd('/');
        return path.Contains("/.well-known/", StringComparison.Ordinal) || path.Contains("/api/health/", StringComparison.Ordinal)
            || s_publicAuthRoutes.Any(r => path.EndsWith(r, StringComparison.Ordinal));
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && !IsPublic(request.RequestUri)
            && await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false) is { } token)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
