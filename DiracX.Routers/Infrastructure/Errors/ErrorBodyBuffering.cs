namespace DiracX.Routers.Infrastructure.Errors;

/// <summary>
/// Keeps small JSON bodies readable again, so that a 422 can quote the <c>input</c> that failed and the position of a
/// JSON syntax error as FastAPI does. Larger bodies (bulk status updates) are not buffered: their 422s carry
/// <c>"input": null</c>.
/// </summary>
public static class ErrorBodyBuffering
{
    /// <summary>Bodies up to this size are buffered (in memory).</summary>
    public const int MaxBufferedBytes = 64 * 1024;

    /// <summary>Buffers JSON request bodies whose declared length is at most <see cref="MaxBufferedBytes"/>.</summary>
    public static IApplicationBuilder UseErrorBodyBuffering(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (request.ContentLength is > 0 and <= MaxBufferedBytes && request.HasJsonContentType())
        {
            request.EnableBuffering(MaxBufferedBytes, MaxBufferedBytes);
        }
        return next(context);
    });
}
