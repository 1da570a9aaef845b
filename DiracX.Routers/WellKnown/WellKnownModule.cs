using DiracX.Core.Modules;
using DiracX.Routers.Configuration;
using DiracX.Routers.Infrastructure.Authentication;
using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.WellKnown;

/// <summary>The <c>.well-known</c> system: public documents at the root, without authentication.</summary>
public sealed class WellKnownModule : IDiracXModule
{
    /// <inheritdoc />
    public string Name => "well-known";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        // The JWKS is the token service's public half: this system needs the token settings.
        context.Services.AddDiracXTokens();
        context.Registry<SystemRequirements>()
            .RequireSetting(Name, "DiracX:Auth:TokenKeystore", "DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE")
            .RequireSetting(Name, "DiracX:Auth:TokenIssuer", "DIRACX_SERVICE_AUTH_TOKEN_ISSUER");
        context.UseDiracXConfig();
        context.Map("GET", "/.well-known/openid-configuration", WellKnownEndpoints.GetOpenIdConfiguration, RouteAccess.Open,
            r => r with { FunctionName = "openid_configuration" });
        context.Map("GET", "/.well-known/dirac-metadata", WellKnownEndpoints.GetInstallationMetadata, RouteAccess.Open);
        context.Map("GET", "/.well-known/jwks.json", WellKnownEndpoints.GetJwks, RouteAccess.Open);
        context.Map("GET", "/.well-known/security.txt", WellKnownEndpoints.GetSecurityTxt, RouteAccess.Open);
    }
}
