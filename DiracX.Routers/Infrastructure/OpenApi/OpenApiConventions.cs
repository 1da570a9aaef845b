using DiracX.Core;
using DiracX.Routers.Infrastructure.Routing;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DiracX.Routers.Infrastructure.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/api/openapi.json</c>: OpenAPI 3.0 (so that AutoRest, which generates DiracX's Python
/// client, can read it), titled "Dirac", operation ids as DiracX's, string enums typed as strings, and the
/// security of each route as it declares it.
/// </summary>
public static class OpenApiConventions
{
    /// <summary>The name of the OAuth2 security scheme (FastAPI's, which DiracX uses).</summary>
    public const string SecurityScheme = "OAuth2AuthorizationCodeBearer";

    private static readonly Dictionary<string, string> s_tagDescriptions = new()
    {
        ["well-known"] = "Public documents: OpenID configuration, keys, installation metadata, security contact.",
        ["config"] = "The DiracX configuration, served to clients.",
        ["jobs"] = "Job submission, search, status and management.",
        ["auth"] = "Login flows, tokens and their revocation.",
    };

    // Every request can be refused for an old client version (400); authenticated ones for their token (401) or
    // their access policy (403). DiracX's own document strips these; stating them helps every client generator.
    private static void DocumentErrors(OpenApiOperation operation, bool open)
    {
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("400", new OpenApiResponse { Description = "Bad request, e.g. a client version that is too old: {\"detail\": \"...\"}" });
        if (!open)
        {
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Missing or invalid bearer token" });
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "Refused by the route's access policy" });
        }
    }

    // An optional body comes out as oneOf [null, schema]; OpenAPI 3.0 has no null type, and the body is simply optional.
    private static void RemoveNullBodyAlternative(OpenApiOperation operation)
    {
        foreach (var media in operation.RequestBody?.Content?.Values ?? [])
        {
            if (media.Schema is OpenApiSchema { OneOf: { Count: 2 } oneOf } && oneOf.FirstOrDefault(IsNullOnly) is { } nullBranch)
            {
                media.Schema = oneOf.First(s => !ReferenceEquals(s, nullBranch));
            }
        }
    }

    private static bool IsNullOnly(IOpenApiSchema schema) =>
        schema.Type == JsonSchemaType.Null || (schema.Enum is { Count: 1 } e && (e[0] is null || e[0]!.GetValueKind() == System.Text.Json.JsonValueKind.Null));

    /// <summary>Registers the document with DiracX's conventions.</summary>
    public static IServiceCollection AddDiracXOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            // A type documented as its wire type is inlined, as the wire type would be.
            options.CreateSchemaReferenceId = type => type.Type.IsDefined(typeof(DocumentedAsAttribute), false)
                ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
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
                document.Tags = new HashSet<OpenApiTag>(s_tagDescriptions.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
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
                var open = route?.Access == RouteAccess.Open;
                operation.Security = open
                    ? []
                    : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityScheme, context.Document)] = [] }];
                DocumentErrors(operation, open);
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer((document, _, _) =>
            {
                foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
                {
                    RemoveNullBodyAlternative(operation);
                }
                foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
                {
                    foreach (var (name, property) in schema.Properties?.ToList() ?? [])
                    {
                        if (property is OpenApiSchema { OneOf: { Count: 2 } oneOf } && oneOf.FirstOrDefault(IsNullOnly) is { } nullBranch)
                        {
                            // A nullable reference: OpenAPI 3.0 cannot say "null or $ref" without a type; optional is enough.
                            schema.Properties![name] = oneOf.First(s => !ReferenceEquals(s, nullBranch));
                        }
                    }
                }
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer(Hardening.HostileInputOpenApi.RestoreTypes);
            options.CreateSchemaReferenceId = Hardening.HostileInputOpenApi.SchemaReferenceId;
            options.AddSchemaTransformer(async (schema, context, cancellationToken) =>
            {
                if (context.JsonTypeInfo.Type.GetCustomAttributes(typeof(DocumentedAsAttribute), false) is [DocumentedAsAttribute documented])
                {
                    var wire = await context.GetOrCreateSchemaAsync(documented.WireType, null, cancellationToken);
                    schema.Type = wire.Type;
                    schema.AdditionalProperties = wire.AdditionalProperties;
                    schema.AdditionalPropertiesAllowed = wire.AdditionalPropertiesAllowed;
                    schema.Properties = wire.Properties;
                    schema.Items = wire.Items;
                    schema.Format = wire.Format;
                }
                // String enums come out without a type, which makes NSwag generate integer enums.
                var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
                if (type.IsEnum)
                {
                    schema.Type = JsonSchemaType.String;
                }
                else if (type == typeof(DateTimeOffset))
                {
                    // Our timestamp converter hides the type from the generator: say it is a date-time string.
                    schema.Type = JsonSchemaType.String;
                    schema.Format = "date-time";
                }
            });
        });
}
