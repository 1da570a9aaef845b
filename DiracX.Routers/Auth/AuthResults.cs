using System.Globalization;
using DiracX.Logic.Auth;
using DiracX.Routers.Infrastructure.Errors;
using DiracX.Routers.Infrastructure.Routing;
using DiracX.Routers.Infrastructure.UnitOfWork;

namespace DiracX.Routers.Auth;

/// <summary>
/// Runs an auth handler and answers the auth failures that need more than <c>{"detail"}</c>: RFC 8628 poll errors as
/// <c>{"error": ...}</c>, 401 with <c>WWW-Authenticate: Bearer</c>, 429 with <c>Retry-After</c>. Failures whose database
/// changes must stand (a poll time, a revocation after token reuse) are returned as a <see cref="KeptChangesResult"/>,
/// so that the unit of work commits them.
/// </summary>
internal static class AuthResults
{
    public static async Task<IResult> RunAsync(HttpContext context, Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (Exception e) when (e is ICommitBeforeFailing or InvalidCredentialsException or TooManyAttemptsException)
        {
            IResult failure = e switch
            {
                DeviceFlowPollException poll => TypedResults.Json(new Dictionary<string, string> { ["error"] = poll.Error },
                    statusCode: StatusCodes.Status400BadRequest),
                TooManyAttemptsException tooMany => TooMany(context, tooMany),
                _ => Unauthorized(context, e.Message),
            };
            return e is ICommitBeforeFailing ? new KeptChangesResult(failure) : failure;
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Dictionary<string, object?>> Unauthorized(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Json(ErrorBodies.Detail(detail), statusCode: StatusCodes.Status401Unauthorized);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Dictionary<string, object?>> TooMany(HttpContext context, TooManyAttemptsException e)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(e.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Json(ErrorBodies.Detail(e.Message), statusCode: StatusCodes.Status429TooManyRequests);
    }

    /// <summary>A failure that the unit of work commits before it is sent (see <see cref="IKeepsChangesOnFailure"/>).</summary>
    private sealed class KeptChangesResult(IResult failure) : IResult, IKeepsChangesOnFailure
    {
        public Task ExecuteAsync(HttpContext httpContext) => failure.ExecuteAsync(httpContext);
    }

    /// <summary>This request's URL without its query (DiracX's <c>request.url.replace(query="")</c>).</summary>
    public static string UrlWithoutQuery(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
}
