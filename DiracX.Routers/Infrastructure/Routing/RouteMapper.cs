using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.UnitOfWork;

namespace DiracX.Routers.Infrastructure.Routing;

/// <summary>Maps one winning <see cref="RouteDefinition"/> onto the application.</summary>
internal static class RouteMapper
{
    public static void Map(WebApplication app, RouteDefinition route)
    {
        var endpoint = app.MapMethods(route.Pattern, [route.Method.ToUpperInvariant()], route.Handler)
            .WithName(route.OperationId)
            .WithTags(route.Tag)
            .WithMetadata(route);
        // A summary or description given with the route wins over the handler's own attributes.
        if (route.Summary.Length > 0)
        {
            endpoint.WithSummary(route.Summary);
        }
        if (route.Description.Length > 0)
        {
            endpoint.WithDescription(route.Description);
        }
        if (route.ExcludeFromDescription)
        {
            endpoint.ExcludeFromDescription();
        }
        if (route.Databases.Count > 0)
        {
            endpoint.AddEndpointFilter(new UnitOfWorkFilter());
        }
        if (route.Access.Policy is { } policy)
        {
            // Inside the unit of work: a missed policy turns into a 500 and rolls the request back.
            endpoint.AddEndpointFilter(new AccessPolicyFilter(policy));
        }
        route.Configure?.Invoke(endpoint);
    }
}
