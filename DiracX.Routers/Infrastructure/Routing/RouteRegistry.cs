using DiracX.Core.Modules;

namespace DiracX.Routers.Infrastructure.Routing;

/// <summary>
/// The routes of every module, keyed by (method, path). A later registration replaces an earlier one, so an
/// extension redefines a DiracX route by registering the same method and path; only the winner is mapped (and so only
/// the winner appears in the OpenAPI document).
/// </summary>
public sealed class RouteRegistry
{
    private readonly Dictionary<(string, string), RouteDefinition> _routes = [];
    private readonly List<(string, string)> _order = [];

    /// <summary>The winning routes, in first-registration order.</summary>
    public IEnumerable<RouteDefinition> Routes => _order.Select(k => _routes[k]);

    /// <summary>Adds a route, or replaces the route with the same method and path.</summary>
    public RouteRegistry Add(RouteDefinition route)
    {
        if (!_routes.ContainsKey(route.Key))
        {
            _order.Add(route.Key);
        }
        _routes[route.Key] = route;
        return this;
    }

    /// <summary>Removes a route (an extension may drop one).</summary>
    public bool Remove(string method, string pattern)
    {
        var key = (method.ToUpperInvariant(), RouteKeys.Normalize(pattern));
        _order.Remove(key);
        return _routes.Remove(key);
    }
}

/// <summary>Shorthands for modules adding routes.</summary>
public static class RouteRegistryExtensions
{
    /// <summary>The routes registry of the host.</summary>
    public static RouteRegistry Routes(this DiracXModuleContext context) => context.Registry<RouteRegistry>();

    /// <summary>
    /// Adds a route of the registering module whose handler carries its own summary and description
    /// (<see cref="Microsoft.AspNetCore.Http.EndpointSummaryAttribute"/>, <see cref="Microsoft.AspNetCore.Http.EndpointDescriptionAttribute"/>).
    /// </summary>
    public static RouteRegistry Map(this DiracXModuleContext context, string method, string pattern, Delegate handler, RouteAccess access,
        Func<RouteDefinition, RouteDefinition>? customize = null) =>
        context.Map(method, pattern, handler, access, summary: "", description: "", customize);

    /// <summary>Adds a route of the registering module, with its summary and description for OpenAPI.</summary>
    public static RouteRegistry Map(this DiracXModuleContext context, string method, string pattern, Delegate handler, RouteAccess access,
        string summary, string description, Func<RouteDefinition, RouteDefinition>? customize = null)
    {
        var route = new RouteDefinition(context.Module.Name, method, pattern, handler, access, summary, description);
        return context.Routes().Add(customize is null ? route : customize(route));
    }
}
