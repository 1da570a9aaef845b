using DiracX.Core.Modules;
using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.Configuration;

/// <summary>The <c>config</c> system: the configuration served to clients.</summary>
public sealed class ConfigModule : IDiracXModule
{
    /// <inheritdoc />
    public string Name => "config";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        context.UseDiracXConfig();
        // DiracX marks this route @open_access on an authenticated router: any valid token, no policy.
        context.Map("GET", "/api/config/", ConfigEndpoints.ServeConfig, RouteAccess.AnyAuthenticated,
            r => r with { Configure = b => b.Produces(StatusCodes.Status200OK, contentType: "application/json").Produces(StatusCodes.Status304NotModified) });
    }
}
