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
    /// manifest, and gives them to <paramref name="routers"/>. In a local run without a configured value, the defaults
    /// use the routers' actual URL (random under Aspire.Hosting.Testing).
    /// </summary>
    public static void Add(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> routers, int routersPort)
    {
        var routersUrl = $"http://localhost:{routersPort}";
        var webHttps = WebOrigin.Replace("http:", "https:", StringComparison.Ordinal);
        const string RedirectsName = "auth-allowed-redirects", OriginsName = "cors-origins";
        var configured = (Redirects: !string.IsNullOrEmpty(builder.Configuration[$"Parameters:{RedirectsName}"]),
            Origins: !string.IsNullOrEmpty(builder.Configuration[$"Parameters:{OriginsName}"]));
        var redirects = builder.AddParameter(RedirectsName, JsonList(DocsRedirect(routersUrl), WebRedirect(WebOrigin), WebRedirect(webHttps)),
            publishValueAsDefault: true);
        var origins = builder.AddParameter(OriginsName, JsonList(WebOrigin, webHttps, routersUrl), publishValueAsDefault: true);
        if (builder.ExecutionContext.IsPublishMode)
        {
            routers.WithEnvironment("DIRACX_SERVICE_AUTH_ALLOWED_REDIRECTS", redirects).WithEnvironment("DiracX__Http__CorsOrigins", origins);
            return;
        }
        var endpoint = routers.GetEndpoint("http");
        routers.WithEnvironment("DIRACX_SERVICE_AUTH_ALLOWED_REDIRECTS", configured.Redirects
                ? ReferenceExpression.Create($"{redirects.Resource}")
                : ReferenceExpression.Create($"[\"{endpoint}/api/docs/oauth2-redirect.html\",\"{WebRedirect(WebOrigin)}\",\"{WebRedirect(webHttps)}\"]"))
            .WithEnvironment("DiracX__Http__CorsOrigins", configured.Origins
                ? ReferenceExpression.Create($"{origins.Resource}")
                : ReferenceExpression.Create($"[\"{WebOrigin}\",\"{webHttps}\",\"{endpoint}\"]"));
    }

    private static string JsonList(params string[] items) => System.Text.Json.JsonSerializer.Serialize(items);
}
