using DiracX.Core.Security;
using DiracX.Core.Settings;
using DiracX.Logic.Auth;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Microsoft.Extensions.Options;

namespace DiracX.Routers.Infrastructure.Authentication;

/// <summary>Registers DiracX's token services from the <c>DiracX:Auth</c> settings (DiracX's DIRACX_SERVICE_AUTH_*).</summary>
public static class AuthServiceCollectionExtensions
{
    /// <summary>The configuration section of <see cref="AuthSettings"/>.</summary>
    public const string Section = "DiracX:Auth";

    /// <summary>
    /// Binds and validates <see cref="AuthSettings"/> at start-up; loads the keystore (a key we cannot use stops
    /// the start-up, naming its kid) and reloads it when its file changes (<see cref="KeystoreWatcher"/>); registers the
    /// token issuer and the verifier with its cache of verified access tokens (<see cref="VerifiedTokenCache"/>), which
    /// every keystore change flushes.
    /// </summary>
    public static IServiceCollection AddDiracXTokens(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(TokenKeystore)))
        {
            return services;
        }
        services.AddOptions<AuthSettings>().BindConfiguration(Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthSettings>, AuthSettingsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuthSettings>>().Value);
        services.AddSingleton(_ => new VerifiedTokenCache());
        services.AddSingleton(sp =>
        {
            var keystore = LoadKeystore(sp.GetRequiredService<AuthSettings>());
            // Tokens verified with the previous keys must be verified again (a removed key stops verifying at once).
            var cache = sp.GetRequiredService<VerifiedTokenCache>();
            cache.Flush();
            keystore.Changed += _ => cache.Flush();
            return keystore;
        });
        services.AddSingleton(sp => new DiracXTokenIssuer(sp.GetRequiredService<TokenKeystore>(), sp.GetRequiredService<AuthSettings>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new DiracXTokenVerifier(sp.GetRequiredService<TokenKeystore>(), sp.GetRequiredService<AuthSettings>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<VerifiedTokenCache>()));
        services.AddHostedService<KeystoreLoader>();
        services.AddHostedService<KeystoreWatcher>();
        return services;
    }

    /// <summary>The name of the <see cref="HttpClient"/> that talks to the VOs' identity providers.</summary>
    public const string IdentityProviderHttpClient = "diracx-idp";

    /// <summary>
    /// Registers the <see cref="IdentityProviderClient"/> on a named client of the HTTP client factory, so the
    /// service defaults apply to it (telemetry, service discovery), with its own resilience handler in place of the
    /// defaults' one: each attempt times out after 10 s and only safe methods are retried (twice, shortly after). The
    /// metadata and JWKS GETs may be retried; the token POST never is (a code is single-use: a retried exchange after a
    /// slow answer would turn into <c>invalid_grant</c>).
    /// </summary>
    public static IServiceCollection AddIdentityProviderClient(this IServiceCollection services)
    {
        var http = services.AddHttpClient(IdentityProviderHttpClient, http => http.Timeout = TimeSpan.FromSeconds(30));
#pragma warning disable EXTEXP0001 // replaces the defaults' handler with the provider's own, stated here in full
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        http.AddResilienceHandler("diracx-idp", pipeline =>
        {
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(500),
                ShouldRetryAfterHeader = false,
            };
            retry.DisableForUnsafeHttpMethods();
            pipeline.AddRetry(retry);
            pipeline.AddTimeout(TimeSpan.FromSeconds(10));
        });
        services.AddSingleton(sp => new IdentityProviderClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(IdentityProviderHttpClient),
            TimeSpan.FromSeconds(sp.GetRequiredService<AuthFlowSettings>().IdpMetadataCacheSeconds)));
        return services;
    }

    private sealed class AuthSettingsValidator : IValidateOptions<AuthSettings>
    {
        public ValidateOptionsResult Validate(string? name, AuthSettings options) =>
            options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }

    // Whoever resolves the keystore first (the loader below, the reload watcher, a request) gets the same one-line
    // answer naming the setting.
    private static TokenKeystore LoadKeystore(AuthSettings settings)
    {
        try
        {
            return TokenKeystore.Load(settings.TokenKeystore);
        }
        catch (TokenKeystoreException e)
        {
            throw new InvalidOperationException(
                $"DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE (DiracX:Auth:TokenKeystore) is unusable: {e.Message.TrimEnd('.')}. Set it to the JWKS JSON or to file:///<path of a readable JWKS file>.", e);
        }
    }

    /// <summary>Loads the keystore at start-up so that an unusable key fails the start, not the first request.</summary>
    private sealed class KeystoreLoader(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = services.GetRequiredService<DiracXTokenIssuer>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
