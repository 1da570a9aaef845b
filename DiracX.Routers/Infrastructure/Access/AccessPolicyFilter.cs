using DiracX.Routers.Infrastructure.Errors;

namespace DiracX.Routers.Infrastructure.Access;

/// <summary>
/// Fails a request whose route declares an access policy that the handler never invoked (DiracX's
/// <c>DIRACX_DEV_CRASH_ON_MISSED_ACCESS_POLICY</c>): the response becomes a 500, so the unit of work rolls back.
/// Enforced when <c>DiracX:Dev:CrashOnMissedAccessPolicy</c> is true (tests set it); otherwise only logged.
/// </summary>
public sealed partial class AccessPolicyFilter(string policy) : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var services = context.HttpContext.RequestServices;
        if (services.GetRequiredService<AccessPolicyTracker>().WasInvoked(policy))
        {
            return result;
        }
        var logger = services.GetRequiredService<ILogger<AccessPolicyFilter>>();
        LogMissed(logger, policy, context.HttpContext.Request.Method, context.HttpContext.Request.Path);
        var enforce = services.GetRequiredService<IConfiguration>().GetValue<bool>("DiracX:Dev:CrashOnMissedAccessPolicy");
        return enforce
            ? TypedResults.Json(ErrorBodies.Detail("Internal server error"), statusCode: StatusCodes.Status500InternalServerError)
            : result;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The route {Method} {Path} declares the access policy {Policy} but did not invoke it")]
    private static partial void LogMissed(ILogger logger, string policy, string method, string path);
}
