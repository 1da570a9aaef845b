using DiracX.Core;
using DiracX.Core.Versioning;
using DiracX.Routers.Infrastructure.Errors;

namespace DiracX.Routers.Infrastructure.Middleware;

/// <summary>
/// DiracX's client version check (<c>ClientMinVersionCheckMiddleware</c> in
/// <c>diracx-routers/src/diracx/routers/factory.py</c>): every response carries <c>DiracX-Server-Version</c>; a request
/// whose <c>DiracX-Client-Version</c> is older than the minimum, or not a PEP 440 version, is refused with 400. Requests
/// without the header (browsers, Swagger) pass.
/// </summary>
public sealed class ClientVersionMiddleware(RequestDelegate next, Pep440Version minimum)
{
    /// <summary>The header clients send.</summary>
    public const string ClientHeader = "DiracX-Client-Version";

    /// <summary>The header the server sends.</summary>
    public const string ServerHeader = "DiracX-Server-Version";

    /// <summary>Checks the client version, then calls the rest of the pipeline.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers[ServerHeader] = DiracXVersion.Current;
        if (!context.Request.Headers.TryGetValue(ClientHeader, out var values))
        {
            return next(context);
        }
        var text = values.ToString();
        if (!Pep440Version.TryParse(text, out var version))
        {
            return RefuseAsync(context, $"Invalid version string: '{Truncate(text)}'");
        }
        if (version < minimum)
        {
            return RefuseAsync(context,
                $"Client version {Truncate(text)} is not compatible with the server. Upgrade to a version >= {minimum}.");
        }
        return next(context);
    }

    private static Task RefuseAsync(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return context.Response.WriteAsJsonAsync(ErrorBodies.Detail(detail), context.RequestAborted);
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
