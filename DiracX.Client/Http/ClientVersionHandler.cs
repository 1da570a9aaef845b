namespace DiracX.Client.Http;

/// <summary>Sends the client version with every request, so that the server can refuse clients that are too old.</summary>
public sealed class ClientVersionHandler : DelegatingHandler
{
    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(DiracXClientInfo.VersionHeader);
        request.Headers.TryAddWithoutValidation(DiracXClientInfo.VersionHeader, DiracXClientInfo.Version);
        return base.SendAsync(request, cancellationToken);
    }
}
