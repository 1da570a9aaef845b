namespace DiracX.AppHost;

/// <summary>
/// What browser logins need from the routers: the redirect URIs allowed in the authorization-code flow
/// (<c>DIRACX_SERVICE_AUTH_ALLOWED_REDIRECTS</c>) and the origins allowed by CORS (<c>DiracX:Http:CorsOrigins</c>). Both
/// are manifest parameters (JSON lists) whose defaults serve the local stack: Swagger UI's "Authorize" at
/// <c>&lt;routers&gt;/api/docs</c> and a diracx-web run by the user on <c>http://localhost:3000</c>.
/// </summary>
public static class BrowserLogins
{
    /// <summary>Where a diracx-web run by the user is expected (its default development origin).</summary>
    public const string WebOrigin = "http://localhost:3000";

    /// <summary>The redirect URI of diracx-web: <c>&lt;origin&gt;/#authentication-callback</c>.</summary>
    public static string WebRedirect(string origin) => $"{origin.TrimEnd('/')}/#authentication-callback";

    /// <summary>The redirect URI of the routers' Swagger UI.</summary>
    public static string DocsRedirect(string routersUrl) => $"{routersUrl.TrimEnd('/')}/api/docs/oauth2-redirect.html";

    /// <summary>
    /// Adds the parameters <c>auth-allowed-redirects</c> and <c>cors-origins</c> (configuration
    /// <c>Parameters:auth-allowed-redirects</c>, <c>Parameters:cors-origins</c>), with the local defaults written into the
    /// manifest, and gives them to <paramref name="routers"/>.
    /// </summary>
    public static void Add(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> routers, int routersPort)
    {
        var routersUrl = $"http://localhost:{routersPort}";
        var redirects = builder.AddParameter("auth-allowed-redirects",
            JsonList(DocsRedirect(routersUrl), WebRedirect(WebOrigin), WebRedirect(WebOrigin.Replace("http:", "https:", StringComparison.Ordinal))),
            publishValueAsDefault: true);
        var origins = builder.AddParameter("cors-origins",
            JsonList(WebOrigin, WebOrigin.Replace("http:", "https:", StringComparison.Ordinal), routersUrl), publishValueAsDefault: true);
        routers.WithEnvironment("DIRACX_SERVICE_AUTH_ALLOWED_REDIRECTS", redirects)
            .WithEnvironment("DiracX__Http__CorsOrigins", origins);
    }

    private static string JsonList(params string[] items) => System.Text.Json.JsonSerializer.Serialize(items);
}
