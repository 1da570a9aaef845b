namespace DiracX.Routers.Infrastructure.OpenApi;

/// <summary>The OpenAPI document at <c>/api/openapi.json</c> and a browsable page with PKCE login at <c>/api/docs</c>.</summary>
public static class ApiDocs
{
    /// <summary>Maps both (DiracX's Swagger UI at <c>/api/docs</c>, client <c>myDIRACClientID</c> unless configured).</summary>
    public static void MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/api/openapi.json");
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "api/docs";
            ui.DocumentTitle = "DiracX API";
            ui.SwaggerEndpoint("/api/openapi.json", "DiracX");
            ui.OAuthClientId(app.Configuration["DiracX:Auth:DiracClientId"] ?? "myDIRACClientID");
            ui.OAuthUsePkce();
            // DiracX's default scope, plus any configured ones (the local stack adds its VO: a login needs one).
            var http = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hosting.DiracXHttpOptions>>().Value;
            ui.OAuthScopes(["property:NormalUser", .. http.DocsOAuthScopes]);
        });
    }
}
