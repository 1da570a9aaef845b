using DiracX.Core.Modules;
using DiracX.Logic.Auth;
using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.Auth;

public sealed partial class AuthModule
{
    private static void MapFlowRoutes(DiracXModuleContext context)
    {
        var open = RouteAccess.Open;
        context.Map("POST", "/api/auth/device", FlowEndpoints.InitiateDeviceFlow, open, "Initiate device flow",
            "Starts a device flow (RFC 8628) for client_id and scope (vo:<vo> [group:<group>] [property:<p>]...). The user then "
            + "opens verification_uri_complete to log in at the VO's identity provider.",
            UsesAuthDb);
        context.Map("GET", "/api/auth/device", FlowEndpoints.DoDeviceFlow, open, "Do device flow",
            "The verification URI: checks user_code and redirects (307) to the VO's identity provider. Failed codes are rate "
            + "limited per client address (429).", UsesAuthDb);
        context.Map("GET", "/api/auth/device/complete", FlowEndpoints.FinishDeviceFlow, open, "Finish device flow",
            "The identity provider's callback: redeems its code, validates the ID token and marks the flow ready; redirects to .../finished.",
            UsesAuthDb);
        context.Map("GET", "/api/auth/device/complete/finished", FlowEndpoints.Finished, open, "Device flow finished",
            "The page telling the user the login is complete.",
            r => r with { FunctionName = "finished" });
        context.Map("GET", "/api/auth/authorize", FlowEndpoints.InitiateAuthorizationFlow, open, "Initiate authorization flow",
            "Starts an authorization-code flow with PKCE (S256) for a redirect_uri of DIRACX_SERVICE_AUTH_ALLOWED_REDIRECTS; "
            + "redirects (307) to the VO's identity provider.",
            UsesAuthDb);
        context.Map("GET", "/api/auth/authorize/complete", FlowEndpoints.CompleteAuthorizationFlow, open, "Complete authorization flow",
            "The identity provider's callback: redirects (307) to the client's redirect_uri with a single-use DiracX code and its state.",
            UsesAuthDb);
    }

    private static void MapTokenRoutes(DiracXModuleContext context)
    {
        context.Map("POST", "/api/auth/token", TokenEndpoints.GetOidcToken, RouteAccess.Open, "Get OIDC token",
            "Issues an access and a refresh token for a device code, an authorization code (with its PKCE verifier) or a refresh "
            + "token (rotated; a reused rotated token revokes the whole session). A pending device flow answers "
            + "{\"error\": \"authorization_pending\"} (or slow_down when polled too fast).",
            r => UsesAuthDb(r) with { Configure = b => b.DisableAntiforgery() });
        context.Map("GET", "/api/auth/legacy-exchange", TokenEndpoints.PerformLegacyExchange, RouteAccess.Open, "Legacy exchange",
            "Tokens for legacy DIRAC (proxy to token exchange); 503 unless DIRACX_LEGACY_EXCHANGE_HASHED_API_KEY is set.",
            r => UsesAuthDb(r) with { ExcludeFromDescription = true });
    }

    private static void MapManagementRoutes(DiracXModuleContext context)
    {
        var policy = RouteAccess.WithPolicy(RefreshTokenAccessPolicy.PolicyName);
        context.Map("GET", "/api/auth/refresh-tokens", ManagementEndpoints.GetRefreshTokens, policy, "Get refresh tokens",
            "The caller's refresh tokens that are not revoked; with ProxyManagement, every token including revoked ones. Status is 1 "
            + "(CREATED) or 2 (REVOKED).", UsesAuthDb);
        context.Map("DELETE", "/api/auth/refresh-tokens/{jti}", ManagementEndpoints.RevokeRefreshTokenByJti, policy, "Revoke refresh token by JTI",
            "Revokes one of the caller's refresh tokens (anyone's with ProxyManagement); revoking twice is allowed.",
            UsesAuthDb);
        context.Map("POST", "/api/auth/revoke", ManagementEndpoints.RevokeRefreshTokenByRefreshToken, RouteAccess.Open,
            "Revoke refresh token by refresh token", "RFC 7009 revocation of a refresh token (form: token, token_type_hint, client_id).",
            r => UsesAuthDb(r) with { Configure = b => b.DisableAntiforgery() });
        context.Map("GET", "/api/auth/userinfo", ManagementEndpoints.Userinfo, RouteAccess.AnyAuthenticated, "Userinfo",
            "The identity carried by the caller's access token.", null);
    }
}
