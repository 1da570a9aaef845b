using DiracX.Client.Credentials;
using DiracX.Client.Generated;
using DiracX.Client.Http;
using DiracX.Client.Operations;
using DiracX.Client.Settings;

namespace DiracX.Client;

/// <summary>
/// The DiracX client: one generated client per system (DiracX's <c>client.jobs</c>, <c>client.config</c>, ...) over one
/// HttpClient that sends the client version and the bearer token, plus the hand-written operations DiracX patches
/// (<see cref="Tokens"/>, <see cref="JobQueries"/>).
/// </summary>
public sealed class DiracXClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpClient _anonymous;
    private readonly IDisposable? _owned;

    /// <summary>
    /// Creates a client over an HttpClient whose BaseAddress is the DiracX server (for IHttpClientFactory use).
    /// <paramref name="anonymous"/> sends the token requests (no bearer); by default <paramref name="http"/> is used.
    /// </summary>
    public DiracXClient(HttpClient http, HttpClient? anonymous = null, string clientId = DiracXClientSettings.DefaultClientId)
        : this(http, anonymous ?? http, clientId, null)
    {
    }

    private DiracXClient(HttpClient http, HttpClient anonymous, string clientId, IDisposable? owned)
    {
        _http = http;
        _anonymous = anonymous;
        _owned = owned;
        WellKnown = new WellKnownClient(http);
        Config = new ConfigClient(http);
        Jobs = new JobsClient(http);
        Auth = new AuthClient(http);
        Tokens = new TokenClient(anonymous, clientId);
        JobQueries = new JobQueryClient(http);
    }

    /// <summary>
    /// The authenticated HttpClient (client version header, bearer token, refresh): an extension's client sends its own
    /// routes through it, so that it extends this client rather than duplicating its credentials handling.
    /// </summary>
    public HttpClient Http => _http;

    /// <summary>The server's base address.</summary>
    public Uri? BaseAddress => _http.BaseAddress;

    /// <summary>Jobs: submission, status, parameters, removal.</summary>
    public IJobsClient Jobs { get; }

    /// <summary>Job search and summary, with paging information.</summary>
    public JobQueryClient JobQueries { get; }

    /// <summary>The <c>.well-known</c> documents.</summary>
    public IWellKnownClient WellKnown { get; }

    /// <summary>The configuration.</summary>
    public IConfigClient Config { get; }

    /// <summary>Authentication: device flow start, user info, refresh tokens.</summary>
    public IAuthClient Auth { get; }

    /// <summary>The token endpoint operations (device-flow polling, refresh, revocation).</summary>
    public TokenClient Tokens { get; }

    /// <summary>The credentials in use, when the client was created from settings.</summary>
    public CredentialsTokenProvider? Credentials { get; private init; }

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

    /// <summary>
    /// Creates a client as DiracX's <c>DiracClient()</c> does: the server of <paramref name="settings"/>, its CA, and
    /// access tokens from its credentials file, refreshed under the file lock. <paramref name="innerHandler"/> replaces
    /// the network handler (tests); it is not disposed with the client.
    /// </summary>
    /// <exception cref="InvalidOperationException">No server is configured (<c>DIRACX_URL</c>).</exception>
    public static DiracXClient Create(DiracXClientSettings settings, HttpMessageHandler? innerHandler = null)
    {
        var server = settings.Url ?? throw new InvalidOperationException("Please configure a valid DiracX server (DIRACX_URL).");
        var network = innerHandler ?? CaTrust.CreateHandler(settings.CaPath);
        var baseAddress = new Uri(server.ToString().TrimEnd('/') + "/");
        var anonymous = new HttpClient(new ClientVersionHandler { InnerHandler = network }, disposeHandler: false) { BaseAddress = baseAddress };
        var tokens = new TokenClient(anonymous, settings.ClientId);
        var credentials = new CredentialsTokenProvider(settings.CredentialsPath, tokens.RefreshAsync);
        var authenticated = new HttpClient(
            new ClientVersionHandler { InnerHandler = new BearerTokenHandler(credentials) { InnerHandler = network } }, disposeHandler: false)
        { BaseAddress = baseAddress };
        return new DiracXClient(authenticated, anonymous, settings.ClientId, new Owned(anonymous, credentials, innerHandler is null ? network : null))
        {
            Credentials = credentials,
        };
    }

    /// <summary>GETs a route and returns its JSON body (routes whose generated method returns nothing, e.g. <c>api/config</c>).</summary>
    /// <exception cref="DiracXApiException">The server answered an error.</exception>
    public async Task<System.Text.Json.Nodes.JsonNode?> GetJsonAsync(string relativePath, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(relativePath, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        await TokenClient.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return System.Text.Json.Nodes.JsonNode.Parse(body);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        if (!ReferenceEquals(_anonymous, _http))
        {
            _anonymous.Dispose();
        }
        _owned?.Dispose();
    }

    private sealed class Owned(params IDisposable?[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item?.Dispose();
            }
        }
    }
}
