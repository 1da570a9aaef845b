using DiracX.Client;
using DiracX.Client.Settings;
using Gubbins.Client;
using Gubbins.Client.Generated;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Gubbins' client on top of DiracX's, for .NET applications that call a Gubbins installation.</summary>
public static class GubbinsClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers DiracX's client (<c>AddDiracXClient</c>: server, CA, credentials file, version header, token refresh),
    /// and <see cref="GubbinsClient"/> and <see cref="ILollygagClient"/> over the HttpClient it configures. Returns
    /// DiracX's builder, to add handlers to both.
    /// </summary>
    public static IHttpClientBuilder AddGubbinsClient(this IServiceCollection services, DiracXClientSettings? settings = null)
    {
        var builder = services.AddDiracXClient(settings);
        services.AddTransient(sp => new GubbinsClient(sp.GetRequiredService<DiracXClient>()));
        services.AddTransient(sp => sp.GetRequiredService<GubbinsClient>().Lollygag);
        return builder;
    }
}
