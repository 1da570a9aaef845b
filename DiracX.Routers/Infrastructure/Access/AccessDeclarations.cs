using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.Infrastructure.Access;

/// <summary>Checks that every endpoint of the application declares how it is protected.</summary>
public static class AccessDeclarations
{
    // Framework endpoints that are deliberately public.
    private static readonly string[] s_frameworkEndpoints = ["/api/openapi.json", "/api/docs"];

    /// <summary>Endpoints that were not mapped through the route registry (so declare no access), as "METHOD path".</summary>
    public static IReadOnlyList<string> FindUndeclared(IEnumerable<Endpoint> endpoints) =>
        [.. endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<RouteDefinition>() is null)
            .Where(e => !s_frameworkEndpoints.Any(f => e.RoutePattern.RawText?.StartsWith(f, StringComparison.Ordinal) == true))
            .Select(e => $"{string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])} {e.RoutePattern.RawText}")];

    /// <summary>Routes that declare a policy that no module registered.</summary>
    public static IReadOnlyList<string> FindUnknownPolicies(IEnumerable<RouteDefinition> routes, AccessPolicyRegistry policies) =>
        [.. routes.Where(r => r.Access.Policy is { } p && !policies.Policies.ContainsKey(p)).Select(r => $"{r.Method} {r.Pattern}: {r.Access.Policy}")];
}
