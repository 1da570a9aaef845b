using DiracX.Core.Security;
using DiracX.Core.Settings;
using Microsoft.Extensions.Options;

namespace DiracX.Routers.Auth;

/// <summary>Registers DiracX's token services from the <c>DiracX:Auth</c> settings (DiracX's DIRACX_SERVICE_AUTH_*).</summary>
public static class AuthServiceCollectionExtensions
{
    /// <summary>The configuration section of <see cref="AuthSettings"/>.</summary>
    public const string Section = "DiracX:Auth";

    /// <summary>
    /// Binds and validates <see cref="AuthSettings"/> at start-up; loads the keystore once (a key we cannot use stops
    /// the start-up, naming its kid); registers the token issuer and verifier.
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
        services.AddSingleton(sp => TokenKeystore.Load(sp.GetRequiredService<AuthSettings>().TokenKeystore));
        services.AddSingleton(sp => new DiracXTokenIssuer(sp.GetRequiredService<TokenKeystore>(), sp.GetRequiredService<AuthSettings>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new DiracXTokenVerifier(sp.GetRequiredService<TokenKeystore>(), sp.GetRequiredService<AuthSettings>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<KeystoreLoader>();
        return services;
    }

    private sealed class AuthSettingsValidator : IValidateOptions<AuthSettings>
    {
        public ValidateOptionsResult Validate(string? name, AuthSettings options) =>
            options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }

    /// <summary>Loads the keystore at start-up so that an unusable key fails the start, not the first request.</summary>
    private sealed class KeystoreLoader(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                _ = services.GetRequiredService<DiracXTokenIssuer>();
            }
            catch (TokenKeystoreException e)
            {
                throw new InvalidOperationException(
                    $"DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE (DiracX:Auth:TokenKeystore) is unusable: {e.Message.TrimEnd('.')}. Set it to the JWKS JSON or to file:///<path of a readable JWKS file>.", e);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
