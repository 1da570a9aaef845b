using DiracX.Core.Modules;
using DiracX.Logic.Auth;
using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.Auth;

public sealed partial class AuthModule
{
    private static void MapFlowRoutes(DiracXModuleContext context)
    {
        var open = RouteAccess.Open;
        context.Map("POST", "/api/auth/device", FlowEndpoints.InitiateDeviceFlow, open, UsesAuthDb);
        context.Map("GET", "/api/auth/device", FlowEndpoints.DoDeviceFlow, open, UsesAuthDb);
        context.Map("GET", "/api/auth/device/complete", FlowEndpoints.FinishDeviceFlow, open, UsesAuthDb);
        context.Map("GET", "/api/auth/device/complete/finished", FlowEndpoints.Finished, open);
        context.Map("GET", "/api/auth/authorize", FlowEndpoints.InitiateAuthorizationFlow, open, UsesAuthDb);
        context.Map("GET", "/api/auth/authorize/complete", FlowEndpoints.CompleteAuthorizationFlow, open, UsesAuthDb);
    }

    private static void MapTokenRoutes(DiracXModuleContext context)
    {
        context.Map("POST", "/api/auth/token", TokenEndpoints.GetOidcToken, RouteAccess.Open,
            r => UsesAuthDb(r) with { Configure = b => b.DisableAntiforgery() });
        context.Map("GET", "/api/auth/legacy-exchange", TokenEndpoints.PerformLegacyExchange, RouteAccess.Open,
            r => UsesAuthDb(r) with { ExcludeFromDescription = true });
    }

    private static void MapManagementRoutes(DiracXModuleContext context)
    {
        var policy = RouteAccess.WithPolicy(RefreshTokenAccessPolicy.PolicyName);
        context.Map("GET", "/api/auth/refresh-tokens", ManagementEndpoints.GetRefreshTokens, policy, UsesAuthDb);
        context.Map("DELETE", "/api/auth/refresh-tokens/{jti}", ManagementEndpoints.RevokeRefreshTokenByJti, policy, UsesAuthDb);
        context.Map("POST", "/api/auth/revoke", ManagementEndpoints.RevokeRefreshTokenByRefreshToken, RouteAccess.Open,
            r => UsesAuthDb(r) with { Configure = b => b.DisableAntiforgery() });
        context.Map("GET", "/api/auth/userinfo", ManagementEndpoints.Userinfo, RouteAccess.AnyAuthenticated);
    }
}
