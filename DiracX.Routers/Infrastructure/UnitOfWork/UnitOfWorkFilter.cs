using DiracX.Db.Infrastructure;
using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.Infrastructure.UnitOfWork;

/// <summary>
/// Ends the request's unit of work (opened by <see cref="UnitOfWorkMiddleware"/> before the handler's parameters, and
/// so its DbContexts, were bound): commits when the result's status is below 400, rolls back otherwise or when the
/// handler throws. Committing happens before the result is written, so a failed commit is an error response, never a
/// success that did not persist. A request that fails before the handler (binding, 422) never commits.
/// </summary>
public sealed class UnitOfWorkFilter : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var unitOfWork = http.RequestServices.GetRequiredService<DbUnitOfWork>();
        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await unitOfWork.RollbackAsync(CancellationToken.None);
            throw;
        }
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : http.Response.StatusCode;
        if (status < 400 || result is IKeepsChangesOnFailure)
        {
            await unitOfWork.CommitAsync(http.RequestAborted);
        }
        else
        {
            await unitOfWork.RollbackAsync(CancellationToken.None);
        }
        return result;
    }
}

/// <summary>
/// A failure result whose database changes must stand (a device-flow poll time, the revocation that follows the reuse
/// of a rotated refresh token): the unit of work commits, then the failure is sent.
/// </summary>
public interface IKeepsChangesOnFailure;

/// <summary>
/// Opens one connection and transaction per distinct connection string of the databases that the matched route
/// declares, before the endpoint binds its parameters.
/// </summary>
public sealed class UnitOfWorkMiddleware(RequestDelegate next)
{
    /// <summary>Begins the unit of work when the route uses databases.</summary>
    public async Task InvokeAsync(HttpContext context, DbConnectionMap connections, DbUnitOfWork unitOfWork)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RouteDefinition>() is { Databases.Count: > 0 } route)
        {
            await unitOfWork.BeginAsync(connections.For(route.Databases), context.RequestAborted);
        }
        await next(context);
    }
}
