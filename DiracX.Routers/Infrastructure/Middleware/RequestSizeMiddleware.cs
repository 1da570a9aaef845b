using DiracX.Routers.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace DiracX.Routers.Infrastructure.Middleware;

/// <summary>
/// Refuses bodies over the configured limit with 413 before anything reads them: by the declared length at once, and
/// through the server's body-size limit for chunked bodies (Kestrel throws, and the exception handler answers 413).
/// </summary>
public sealed class RequestSizeMiddleware(RequestDelegate next, long maxBytes)
{
    /// <summary>Checks the declared length and sets the server's limit.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        // Routing has run (WebApplication routes first): a route may declare a smaller limit.
        var limitBytes = context.GetEndpoint()?.Metadata.GetMetadata<Hardening.RequestBodyLimit>() is { } route
            ? Math.Min(route.Bytes(context.RequestServices), maxBytes) : maxBytes;
        if (context.Request.ContentLength > limitBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return context.Response.WriteAsJsonAsync(ErrorBodies.Detail("Request body too large"), context.RequestAborted);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = limitBytes;
        }
        return next(context);
    }
}
