using DiracX.Core.Configuration;
using DiracX.Core.Modules;
using DiracX.Core.Security;
using DiracX.Core.Settings;
using DiracX.Db.Auth;
using DiracX.Db.Counters;
using DiracX.Db.Infrastructure;
using DiracX.Logic.Auth;
using DiracX.Routers.Configuration;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Authentication;
using DiracX.Routers.Infrastructure.Routing;
using Microsoft.Extensions.Options;

namespace DiracX.Routers.Auth;

/// <summary>
/// The <c>auth</c> system: DiracX's own token service. Login flows (device, authorization code with PKCE) federated
/// to each VO's identity provider, the token endpoint (three grants), refresh-token management, userinfo and the
/// legacy DIRAC exchange.
/// </summary>
public sealed partial class AuthModule : IDiracXModule
{
    /// <inheritdoc />
    public string Name => "auth";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        new AuthDbModule().Register(context);
        context.UseDiracXConfig();
        context.Services.AddDiracXTokens();
        context.Registry<SystemRequirements>()
            .RequireSetting(Name, "DiracX:Auth:StateKey", "DIRACX_SERVICE_AUTH_STATE_KEY")
            .RequireSetting(Name, "DiracX:Auth:TokenIssuer", "DIRACX_SERVICE_AUTH_TOKEN_ISSUER")
            .RequireSetting(Name, "DiracX:Auth:TokenKeystore", "DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE");
        context.Registry<AccessPolicyRegistry>().Add<RefreshTokenAccessPolicy>(RefreshTokenAccessPolicy.PolicyName);
        AddServices(context.Services);
        MapFlowRoutes(context);
        MapTokenRoutes(context);
        MapManagementRoutes(context);
    }

    private static void AddServices(IServiceCollection services)
    {
        services.AddOptions<AuthFlowSettings>().BindConfiguration(AuthFlowSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuthFlowSettings>>().Value);
        services.AddIdentityProviderClient();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<AuthSettings>();
            // A state is only useful while its flow can complete.
            var maxAge = TimeSpan.FromSeconds(Math.Max(settings.DeviceFlowExpirationSeconds, settings.AuthorizationFlowExpirationSeconds));
            return new FlowStateCipher(new Fernet(settings.StateKey), sp.GetRequiredService<TimeProvider>(), maxAge);
        });
        services.AddAttemptCounterStore();
        services.AddSingleton(sp => new UserCodeAttemptLimiter(sp.GetRequiredService<IAttemptCounterStore>(), sp.GetRequiredService<AuthFlowSettings>()));
        services.AddScoped(sp =>
        {
            var settings = sp.GetRequiredService<AuthSettings>();
            var available = settings.AvailableProperties ?? sp.GetRequiredService<ConfigSchema>().Properties.All;
            return new AuthFlowContext(sp.GetRequiredService<AuthDb>(), sp.GetRequiredService<ConfigProvider>().Current.Config, settings,
                sp.GetRequiredService<AuthFlowSettings>(), new HashSet<string>(available, StringComparer.Ordinal),
                sp.GetRequiredService<DiracXTokenIssuer>(), sp.GetRequiredService<DiracXTokenVerifier>(), sp.GetRequiredService<TimeProvider>());
        });
    }

    private static RouteDefinition UsesAuthDb(RouteDefinition route) => route with { Databases = [DbNames.AuthDb] };
}
