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

/// <summary>Adds <c>Authorization: Bearer</c> from an <see cref="IAccessTokenProvider"/> when the request has none.</summary>
public sealed class BearerTokenHandler(IAccessTokenProvider tokens) : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false) is { } token)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
