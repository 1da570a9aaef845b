using DiracX.Core;
using DiracX.Routers.Routing;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DiracX.Routers.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/api/openapi.json</c>: OpenAPI 3.0 (so that AutoRest, which generates DiracX's Python
/// client, can read it), titled "Dirac", operation ids as DiracX's, string enums typed as strings, and the
/// security of each route as it declares it.
/// </summary>
public static class OpenApiConventions
{
    /// <summary>The name of the OAuth2 security scheme (FastAPI's, which DiracX uses).</summary>
    public const string SecurityScheme = "OAuth2AuthorizationCodeBearer";

    /// <summary>Registers the document with DiracX's conventions.</summary>
    public static IServiceCollection AddDiracXOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Dirac",
                    Version = DiracXVersion.Current,
                    Description = "DiracX: the DIRAC grid workload-management service.",
                    License = new OpenApiLicense { Name = "GPL-3.0-only", Url = new Uri("https://www.gnu.org/licenses/gpl-3.0.html") },
                };
                document.Servers = [new OpenApiServer { Url = "/" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.OAuth2,
                    Flows = new OpenApiOAuthFlows
                    {
                        AuthorizationCode = new OpenApiOAuthFlow
                        {
                            AuthorizationUrl = new Uri("/api/auth/authorize", UriKind.Relative),
                            TokenUrl = new Uri("/api/auth/token", UriKind.Relative),
                            Scopes = new Dictionary<string, string>(),
                        },
                    },
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var route = context.Description.ActionDescriptor.EndpointMetadata.OfType<RouteDefinition>().LastOrDefault();
                operation.Security = route?.Access == RouteAccess.Open
                    ? []
                    : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityScheme, context.Document)] = [] }];
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                // String enums come out without a type, which makes NSwag generate integer enums.
                if ((Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type).IsEnum)
                {
                    schema.Type = JsonSchemaType.String;
                }
                return Task.CompletedTask;
            });
        });
}
