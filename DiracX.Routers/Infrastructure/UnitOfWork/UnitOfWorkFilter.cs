using DiracX.Core.Errors;
using DiracX.Core.Logging;
using DiracX.Db.Infrastructure;
using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.Infrastructure.UnitOfWork;

/// <summary>
/// Ends the request's unit of work (opened by <see cref="UnitOfWorkMiddleware"/> before the handler's parameters, and
/// so its DbContexts, were bound): commits when the result's status is below 400, rolls back otherwise or when the
/// handler throws, except that a thrown <see cref="ICommitBeforeFailing"/> commits and then goes on to the exception
/// handler, which sends the failure. Committing happens before the result is written, so a failed commit is an error
/// response, never a success that did not persist. A request that fails before the handler (binding, 422) never commits.
/// </summary>
public sealed partial class UnitOfWorkFilter : IEndpointFilter
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
        catch (Exception e) when (e is ICommitBeforeFailing)
        {
            await unitOfWork.CommitAsync(http.RequestAborted);
            throw;
        }
        catch (Exception cause)
        {
            await RollbackAfterAsync(unitOfWork, cause, http);
            throw;
        }
        if ((StatusOf(result) ?? http.Response.StatusCode) < 400)
        {
            await unitOfWork.CommitAsync(http.RequestAborted);
        }
        else
        {
            await unitOfWork.RollbackAsync(CancellationToken.None);
        }
        return result;
    }

    // The request already failed: a rollback that fails too (the connection died with the server) is a consequence,
    // logged as such, and must not replace the cause, which the exception handler logs and answers.
    private static async Task RollbackAfterAsync(DbUnitOfWork unitOfWork, Exception cause, HttpContext http)
    {
        try
        {
            await unitOfWork.RollbackAsync(CancellationToken.None);
        }
        catch (Exception rollback)
        {
            var logger = http.RequestServices.GetRequiredService<ILogger<UnitOfWorkFilter>>();
            LogRollbackFailed(logger, http.Request.Method, http.Request.Path, SecretRedactor.Redact(rollback.GetBaseException().Message),
                SecretRedactor.Redact(cause.GetBaseException().Message));
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Rollback of {Method} {Path} failed ({RollbackError}) as a consequence of the request's failure: {Cause}")]
    private static partial void LogRollbackFailed(ILogger logger, string method, string path, string rollbackError, string cause);

    // The status a result will send (a Results<...> union sends its chosen result's), or null when it does not say.
    private static int? StatusOf(object? result) => result switch
    {
        INestedHttpResult nested => StatusOf(nested.Result),
        IStatusCodeHttpResult { StatusCode: { } code } => code,
        _ => null,
    };
}

/// <summary>
/// Opens one connection (and, unless the route is <see cref="RouteDefinition.ReadOnly"/>, one transaction) per distinct
/// connection string of the databases that the matched route declares, before the endpoint binds its parameters.
/// </summary>
public sealed class UnitOfWorkMiddleware(RequestDelegate next)
{
    /// <summary>Begins the unit of work when the route uses databases.</summary>
    public async Task InvokeAsync(HttpContext context, DbConnectionMap connections, DbUnitOfWork unitOfWork)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RouteDefinition>() is { Databases.Count: > 0 } route)
        {
            await unitOfWork.BeginAsync(connections.For(route.Databases), transactional: !route.ReadOnly, context.RequestAborted);
        }
        await next(context);
    }
}
