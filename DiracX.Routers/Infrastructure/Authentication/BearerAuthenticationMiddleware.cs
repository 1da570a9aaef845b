using DiracX.Core.Security;
using DiracX.Routers.Infrastructure.Errors;
using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.Infrastructure.Authentication;

/// <summary>
/// Verifies the bearer token of every route that is not declared open, with DiracX's answers: no header → 401
/// "Authorization header is missing" with <c>WWW-Authenticate: Bearer</c>; a header that is not <c>Bearer &lt;token&gt;</c>
/// → 400 "Invalid authorization header"; any token that fails verification → 401 "Invalid JWT". The reason is logged,
/// the token never is.
/// </summary>
public sealed partial class BearerAuthenticationMiddleware(RequestDelegate next, ILogger<BearerAuthenticationMiddleware> logger)
{
    /// <summary>Authenticates the request when its route needs it.</summary>
    public Task InvokeAsync(HttpContext context, IServiceProvider services)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteDefinition>();
        if (route is null || route.Access == RouteAccess.Open)
        {
            return next(context);
        }
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return RefuseAsync(context, StatusCodes.Status401Unauthorized, "Authorization header is missing");
        }
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || header.Length <= "Bearer ".Length)
        {
            return RefuseAsync(context, StatusCodes.Status400BadRequest, "Invalid authorization header");
        }
        var token = header["Bearer ".Length..];
        try
        {
            var payload = services.GetRequiredService<DiracXTokenVerifier>().VerifyAccessToken(token);
            new AuthorizedUser(payload, token).Attach(context);
        }
        catch (InvalidTokenException e)
        {
            LogRejected(logger, e.Reason, context.Request.Path);
            return RefuseAsync(context, StatusCodes.Status401Unauthorized, "Invalid JWT");
        }
        return next(context);
    }

    private static Task RefuseAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }
        return context.Response.WriteAsJsonAsync(ErrorBodies.Detail(detail), context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a bearer token ({Reason}) for {Path}")]
    private static partial void LogRejected(ILogger logger, string reason, string path);
}
