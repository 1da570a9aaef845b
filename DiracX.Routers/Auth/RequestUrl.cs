namespace DiracX.Routers.Auth;

/// <summary>The request's own URL, from which the login flows build their callback and verification URLs.</summary>
internal static class RequestUrl
{
    /// <summary>This request's URL without its query (DiracX's <c>request.url.replace(query="")</c>).</summary>
    public static string WithoutQuery(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
}
