using DiracX.Routers.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DiracX.Routers.Health;

/// <summary>Kubernetes probes, unauthenticated and outside the OpenAPI document (DiracX's <c>routers/health/probes.py</c>).</summary>
public static class ProbeEndpoints
{
    /// <summary>Liveness: the process answers.</summary>
    public static Ok<Dictionary<string, string>> Live() => TypedResults.Ok(new Dictionary<string, string> { ["status"] = "live" });

    /// <summary>Readiness: configuration loaded and every database reachable at the right schema version.</summary>
    public static Task<Results<Ok<Dictionary<string, string>>, JsonHttpResult<Dictionary<string, object?>>>> Ready(IEnumerable<IReadinessCheck> checks, HttpContext context, CancellationToken cancellationToken) =>
        RespondAsync(checks, "ready", context, cancellationToken);

    /// <summary>Startup: the same checks as readiness.</summary>
    public static Task<Results<Ok<Dictionary<string, string>>, JsonHttpResult<Dictionary<string, object?>>>> Startup(IEnumerable<IReadinessCheck> checks, HttpContext context, CancellationToken cancellationToken) =>
        RespondAsync(checks, "startup complete", context, cancellationToken);

    private static async Task<Results<Ok<Dictionary<string, string>>, JsonHttpResult<Dictionary<string, object?>>>> RespondAsync(IEnumerable<IReadinessCheck> checks, string status, HttpContext context,
        CancellationToken cancellationToken)
    {
        foreach (var check in checks)
        {
            if (await check.CheckAsync(cancellationToken) is { } problem)
            {
                context.Response.Headers.RetryAfter = "10";
                return TypedResults.Json(ErrorBodies.Detail(problem), statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }
        return TypedResults.Ok(new Dictionary<string, string> { ["status"] = status });
    }
}
