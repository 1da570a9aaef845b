using DiracX.Client;
using DiracX.Client.Credentials;
using DiracX.Client.Http;
using DiracX.Client.Operations;
using DiracX.Client.Settings;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the DiracX client with <c>IHttpClientFactory</c>, for .NET applications that call DiracX.</summary>
public static class DiracXClientServiceCollectionExtensions
{
    /// <summary>The named client used for token requests (no bearer token).</summary>
    public const string TokenHttpClientName = "DiracX.Tokens";

    /// <summary>
    /// Registers <see cref="DiracXClient"/> as a typed client: the server, CA and credentials file of
    /// <paramref name="settings"/> (default: the environment, as <c>dirac</c> reads it), the version header and the
    /// bearer token from the credentials file, refreshed under its lock. Returns the builder to add handlers
    /// (resilience, logging).
    /// </summary>
    public static IHttpClientBuilder AddDiracXClient(this IServiceCollection services, DiracXClientSettings? settings = null)
    {
        settings ??= DiracXClientSettings.FromEnvironment();
        var server = settings.Url ?? throw new InvalidOperationException("Please configure a valid DiracX server (DIRACX_URL).");
        var baseAddress = new Uri(server.ToString().TrimEnd('/') + "/");
        services.AddSingleton(settings);
        services.AddTransient<ClientVersionHandler>();
        services.AddHttpClient(TokenHttpClientName, c => c.BaseAddress = baseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => CaTrust.CreateHandler(settings.CaPath))
            .AddHttpMessageHandler<ClientVersionHandler>();
        services.AddSingleton(sp => new CredentialsTokenProvider(settings.CredentialsPath, (refreshToken, ct) =>
            new TokenClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(TokenHttpClientName), settings.ClientId).RefreshAsync(refreshToken, ct)));
        services.AddSingleton<IAccessTokenProvider>(sp => sp.GetRequiredService<CredentialsTokenProvider>());
        services.AddTransient(sp => new BearerTokenHandler(sp.GetRequiredService<IAccessTokenProvider>()));
        return services.AddHttpClient<DiracXClient>(c => c.BaseAddress = baseAddress)
            .AddTypedClient((http, sp) => new DiracXClient(http, sp.GetRequiredService<IHttpClientFactory>().CreateClient(TokenHttpClientName), settings.ClientId))
            .ConfigurePrimaryHttpMessageHandler(() => CaTrust.CreateHandler(settings.CaPath))
            .AddHttpMessageHandler<ClientVersionHandler>()
            .AddHttpMessageHandler<BearerTokenHandler>();
    }
}
