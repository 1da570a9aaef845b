using DiracX.Core.Errors;
using DiracX.Logic.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DiracX.Routers.Auth;

/// <summary>The services the login-flow routes share.</summary>
public sealed record FlowServices(AuthFlowContext Auth, IdentityProviderClient Idp, FlowStateCipher Cipher, UserCodeAttemptLimiter Limiter);

/// <summary>Handlers of the device flow and the authorization-code flow.</summary>
public static class FlowEndpoints
{
    /// <summary><c>POST /api/auth/device</c>: start a device flow.</summary>
    [EndpointSummary("Initiate device flow")]
    [EndpointDescription("Starts a device flow (RFC 8628) for client_id and scope (vo:<vo> [group:<group>] [property:<p>]...). The user then "
        + "opens verification_uri_complete to log in at the VO's identity provider.")]
    public static async Task<Ok<InitiateDeviceFlowResponse>> InitiateDeviceFlow([FromQuery(Name = "client_id")] string clientId, [FromQuery(Name = "scope")] string scope,
        HttpContext context, [AsParameters] FlowServices services, CancellationToken cancellationToken)
    {
        RequireMaxLength("scope", scope, MaxScopeLength);
        return TypedResults.Ok(await DeviceFlowLogic.InitiateAsync(services.Auth, clientId, scope, RequestUrl.WithoutQuery(context.Request),
            cancellationToken));
    }

    /// <summary><c>GET /api/auth/device?user_code=</c>: the verification URI; redirects (307) to the VO's IdP.</summary>
    [EndpointSummary("Do device flow")]
    [EndpointDescription("The verification URI: checks user_code and redirects (307) to the VO's identity provider. Failed codes are rate "
        + "limited per client address (429).")]
    [ProducesResponseType(StatusCodes.Status307TemporaryRedirect)]
    public static async Task<RedirectHttpResult> DoDeviceFlow([FromQuery(Name = "user_code")] string userCode, HttpContext context,
        [AsParameters] FlowServices services, CancellationToken cancellationToken) =>
        TypedResults.Redirect(await DeviceFlowLogic.StartLoginAsync(services.Auth, services.Idp, services.Cipher, services.Limiter,
            RequestUrl.WithoutQuery(context.Request), userCode, context.Connection.RemoteIpAddress, cancellationToken),
            permanent: false, preserveMethod: true);

    /// <summary><c>GET /api/auth/device/complete</c>: the IdP's callback; redirects (307) to <c>.../finished</c>.</summary>
    [EndpointSummary("Finish device flow")]
    [EndpointDescription("The identity provider's callback: redeems its code, validates the ID token and marks the flow ready; redirects to .../finished.")]
    [ProducesResponseType(StatusCodes.Status307TemporaryRedirect)]
    public static async Task<RedirectHttpResult> FinishDeviceFlow([FromQuery(Name = "code")] string code, [FromQuery(Name = "state")] string state,
        HttpContext context, [AsParameters] FlowServices services, CancellationToken cancellationToken)
    {
        var url = RequestUrl.WithoutQuery(context.Request);
        await DeviceFlowLogic.FinishAsync(services.Auth, services.Idp, services.Cipher, url, code, state, cancellationToken);
        return TypedResults.Redirect($"{url}/finished", permanent: false, preserveMethod: true);
    }

    /// <summary><c>GET /api/auth/device/complete/finished</c>: the page telling the user to close the window.</summary>
    [EndpointSummary("Device flow finished")]
    [EndpointDescription("The page telling the user the login is complete.")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/html")]
    public static ContentHttpResult Finished() => TypedResults.Content("<h1>Please close the window</h1>", "text/html");

    /// <summary><c>GET /api/auth/authorize</c>: start an authorization-code flow; redirects (307) to the VO's IdP.</summary>
    [EndpointSummary("Initiate authorization flow")]
    [EndpointDescription("Starts an authorization-code flow with PKCE (S256) for a redirect_uri of DIRACX_SERVICE_AUTH_ALLOWED_REDIRECTS; "
        + "redirects (307) to the VO's identity provider.")]
    [ProducesResponseType(StatusCodes.Status307TemporaryRedirect)]
    public static async Task<RedirectHttpResult> InitiateAuthorizationFlow(
        [FromQuery(Name = "response_type")] string responseType,
        [FromQuery(Name = "code_challenge")] string codeChallenge,
        [FromQuery(Name = "code_challenge_method")] string codeChallengeMethod,
        [FromQuery(Name = "client_id")] string clientId,
        [FromQuery(Name = "redirect_uri")] string redirectUri,
        [FromQuery(Name = "scope")] string scope,
        [FromQuery(Name = "state")] string state,
        HttpContext context, [AsParameters] FlowServices services, CancellationToken cancellationToken)
    {
        RequireLiteral("response_type", responseType, "code");
        RequireLiteral("code_challenge_method", codeChallengeMethod, "S256");
        RequireMaxLength("code_challenge", codeChallenge, MaxCodeChallengeLength);
        RequireMaxLength("scope", scope, MaxScopeLength);
        var url = await AuthorizationCodeFlowLogic.InitiateAsync(services.Auth, services.Idp, services.Cipher,
            RequestUrl.WithoutQuery(context.Request),
            new AuthorizationRequest(clientId, redirectUri, scope, state, codeChallenge, codeChallengeMethod), cancellationToken);
        return TypedResults.Redirect(url, permanent: false, preserveMethod: true);
    }

    /// <summary><c>GET /api/auth/authorize/complete</c>: the IdP's callback; redirects (307) to the client with a DiracX code.</summary>
    [EndpointSummary("Complete authorization flow")]
    [EndpointDescription("The identity provider's callback: redirects (307) to the client's redirect_uri with a single-use DiracX code and its state.")]
    [ProducesResponseType(StatusCodes.Status307TemporaryRedirect)]
    public static async Task<RedirectHttpResult> CompleteAuthorizationFlow([FromQuery(Name = "code")] string code, [FromQuery(Name = "state")] string state,
        HttpContext context, [AsParameters] FlowServices services, CancellationToken cancellationToken) =>
        TypedResults.Redirect(await AuthorizationCodeFlowLogic.CompleteAsync(services.Auth, services.Idp, services.Cipher,
            RequestUrl.WithoutQuery(context.Request), code, state, cancellationToken), permanent: false, preserveMethod: true);

    // The AuthDB columns that keep a flow's values (Scope, CodeChallenge): a longer value would fail in the database.
    private const int MaxScopeLength = 1024;
    private const int MaxCodeChallengeLength = 255;

    private static void RequireMaxLength(string name, string value, int max)
    {
        if (value.Length > max)
        {
            throw RequestValidationException.Query(name, $"String should have at most {max} characters", "string_too_long", value,
                new Dictionary<string, object> { ["max_length"] = max });
        }
    }

    private static void RequireLiteral(string name, string value, string expected)
    {
        if (value != expected)
        {
            throw RequestValidationException.Query(name, $"Input should be '{expected}'", "literal_error", value,
                new Dictionary<string, object> { ["expected"] = $"'{expected}'" });
        }
    }
}
