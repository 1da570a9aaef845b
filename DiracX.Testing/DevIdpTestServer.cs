using DiracX.DevIdp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace DiracX.Testing;

/// <summary>
/// The development identity provider (DiracX.DevIdp), run in the test process on a free loopback port: a real OpenID
/// Connect provider that DiracX's auth flows can talk to over HTTP. Tests log users in with <see cref="DevIdpLogin"/>.
/// </summary>
public sealed class DevIdpTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DevIdpTestServer(WebApplication app, Uri url, DevIdpOptions options)
    {
        _app = app;
        Url = url;
        Options = options;
    }

    /// <summary>The base URL (DiracX's <c>Registry/&lt;VO&gt;/IdP/URL</c>), without a trailing slash.</summary>
    public Uri Url { get; }

    /// <summary>The settings the provider runs with (client id, redirect URIs, users).</summary>
    public DevIdpOptions Options { get; }

    /// <summary>The client id of the provider's public client.</summary>
    public string ClientId => Options.ClientId;

    /// <summary>Starts a provider with the given settings (default: client <c>diracx-dev</c>, user admin/password).</summary>
    public static async Task<DevIdpTestServer> StartAsync(DevIdpOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DevIdpOptions();
        var app = DevIdpServer.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(ToConfiguration(options));
        });
        await app.StartAsync(cancellationToken);
        var url = new Uri(app.Urls.First().Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        return new DevIdpTestServer(app, url, options);
    }

    /// <summary>The settings as configuration keys (<c>DevIdp:ClientId</c>, <c>DevIdp:Users:0:Username</c>, ...).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ToConfiguration(DevIdpOptions options)
    {
        const string S = DevIdpOptions.Section;
        yield return new($"{S}:ClientId", options.ClientId);
        if (options.AutoLoginUser is not null)
        {
            yield return new($"{S}:AutoLoginUser", options.AutoLoginUser);
        }
        if (options.Issuer is not null)
        {
            yield return new($"{S}:Issuer", options.Issuer.ToString());
        }
        for (var i = 0; i < options.RedirectUris.Count; i++)
        {
            yield return new($"{S}:RedirectUris:{i}", options.RedirectUris[i]);
        }
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            yield return new($"{S}:Users:{i}:Username", user.Username);
            yield return new($"{S}:Users:{i}:Password", user.Password);
            yield return new($"{S}:Users:{i}:Subject", user.Subject);
            yield return new($"{S}:Users:{i}:Email", user.Email);
        }
    }

    /// <summary>Stops the provider.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
