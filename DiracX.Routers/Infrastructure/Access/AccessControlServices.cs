using DiracX.Core.Modules;
using DiracX.Routers.Infrastructure.Authentication;
using DiracX.Routers.Infrastructure.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DiracX.Routers.Infrastructure.Access;

/// <summary>Access control: the modules' access policies, and the token services when any route is not open.</summary>
public static class AccessControlServices
{
    /// <summary>
    /// Registers every access policy (scoped, under its registered type), requires the token settings of each system
    /// with an authenticated route, and refuses to start when a route names a policy that no module registered.
    /// </summary>
    public static void AddAccessControl(this WebApplicationBuilder builder, DiracXRegistries registries)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<AccessPolicyTracker>();
        foreach (var (_, (service, implementation)) in registries.Get<AccessPolicyRegistry>().Policies)
        {
            builder.Services.AddScoped(service, implementation);
        }
        var requirements = registries.Get<SystemRequirements>();
        var authenticated = registries.Get<RouteRegistry>().Routes.Where(r => r.Access != RouteAccess.Open).Select(r => r.System).Distinct().ToList();
        foreach (var system in authenticated)
        {
            requirements.RequireSetting(system, "DiracX:Auth:TokenIssuer", "DIRACX_SERVICE_AUTH_TOKEN_ISSUER");
            requirements.RequireSetting(system, "DiracX:Auth:TokenKeystore", "DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE");
        }
        foreach (var unknown in AccessDeclarations.FindUnknownPolicies(registries.Get<RouteRegistry>().Routes, registries.Get<AccessPolicyRegistry>()))
        {
            requirements.Add("access", $"a registered access policy ({unknown})", _ => false);
        }
        if (authenticated.Count > 0)
        {
            builder.Services.AddDiracXTokens();
        }
    }
}
