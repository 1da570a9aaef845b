using DiracX.Client.Generated;
using DiracX.Client.Http;

namespace DiracX.Client;

/// <summary>
/// The DiracX client: one generated client per system (DiracX's <c>client.jobs</c>, <c>client.config</c>, ...) over one
/// HttpClient that sends the client version and the bearer token.
/// </summary>
public sealed class DiracXClient : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>Creates a client over an HttpClient whose BaseAddress is the DiracX server (for IHttpClientFactory use).</summary>
    public DiracXClient(HttpClient http)
    {
        _http = http;
        WellKnown = new WellKnownClient(http);
        Config = new ConfigClient(http);
        Jobs = new JobsClient(http);
    }

    /// <summary>Jobs: submission, search, summary.</summary>
    public IJobsClient Jobs { get; }

    /// <summary>The <c>.well-known</c> documents.</summary>
    public IWellKnownClient WellKnown { get; }

    /// <summary>The configuration.</summary>
    public IConfigClient Config { get; }

    /// <summary>
    /// Creates a client for <paramref name="server"/>. <paramref name="tokens"/> supplies access tokens;
    /// <paramref name="innerHandler"/> replaces the network handler (tests, proxies).
    /// </summary>
    public static DiracXClient Create(Uri server, IAccessTokenProvider? tokens = null, HttpMessageHandler? innerHandler = null)
    {
        HttpMessageHandler handler = innerHandler ?? new SocketsHttpHandler();
        if (tokens is not null)
        {
            handler = new BearerTokenHandler(tokens) { InnerHandler = handler };
        }
        handler = new ClientVersionHandler { InnerHandler = handler };
        return new DiracXClient(new HttpClient(handler) { BaseAddress = server });
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
