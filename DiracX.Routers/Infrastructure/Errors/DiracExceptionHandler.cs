using System.Globalization;
using DiracX.Core.Errors;
using DiracX.Core.Logging;
using DiracX.Db.Infrastructure;
using DiracX.Logic.Auth;
using Microsoft.AspNetCore.Diagnostics;

namespace DiracX.Routers.Infrastructure.Errors;

/// <summary>
/// The one place where failures become responses: DiracX errors keep their status and <c>detail</c>; request-reading
/// failures are 422 (FastAPI's shape) or 413; an unreachable database is 503 with <c>Retry-After: 10</c>; anything else
/// is a 500 without a stack trace. The auth failures that need more than <c>{"detail"}</c>: a pending device-flow poll
/// is RFC 8628's 400 <c>{"error": ...}</c>, invalid credentials are 401 with <c>WWW-Authenticate: Bearer</c>, too many
/// user-code guesses are 429 with <c>Retry-After</c>. (A failure marked <see cref="ICommitBeforeFailing"/> reaches
/// here after the unit of work committed its changes.)
/// </summary>
public sealed partial class DiracExceptionHandler(ILogger<DiracExceptionHandler> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail) = Map(exception);
        if (status == StatusCodes.Status422UnprocessableEntity && exception is BadHttpRequestException or System.Text.Json.JsonException)
        {
            // The middleware cleared the route values before calling us; the feature keeps the failed request's.
            var failed = httpContext.Features.Get<IExceptionHandlerFeature>();
            var pathParameters = (failed?.Endpoint as RouteEndpoint)?.RoutePattern.Parameters.Select(p => p.Name)
                ?? failed?.RouteValues?.Keys ?? [];
            var body = await ReadBodyAgainAsync(httpContext.Request, cancellationToken);
            try
            {
                detail = ErrorBodies.FromBindingFailure(exception, body, pathParameters.ToHashSet(StringComparer.OrdinalIgnoreCase),
                    WireNames(failed?.Endpoint));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Describing the failure must not turn a client error into a 500: the client still gets a 422 whose
                // location is the body, and the log says what could not be described.
                LogUndescribed(logger, httpContext.Request.Path, SecretRedactor.Redact(e.Message));
                detail = ErrorBodies.FromBindingFailure(exception);
            }
        }
        if (exception is IdentityProviderException { Kind: DiracErrorKind.BadGateway } idp)
        {
            // An unreachable or failing identity provider is an operational condition, not a bug: one line, no stack.
            LogIdentityProviderFailed(logger, idp.Vo ?? "?", SecretRedactor.Redact(idp.Url ?? "?"),
                SecretRedactor.Redact(idp.InnerException?.GetBaseException().Message ?? idp.Message));
        }
        else if (status >= 500 && status != StatusCodes.Status503ServiceUnavailable)
        {
            // The exception text is redacted and logged as text: a message can quote a token or a signed URL.
            LogUnhandled(logger, httpContext.Request.Method, httpContext.Request.Path, SecretRedactor.Redact(exception.ToString()));
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(logger, SecretRedactor.Redact(CauseOf(exception).Message), httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = "10";
        }
        var headers = httpContext.Response.Headers;
        switch (exception)
        {
            case InvalidCredentialsException:
                headers.WWWAuthenticate = "Bearer";
                break;
            case TooManyAttemptsException tooMany:
                headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(tooMany.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                break;
        }
        httpContext.Response.StatusCode = status;
        if (exception is DeviceFlowPollException poll)
        {
            await httpContext.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = poll.Error }, cancellationToken);
        }
        else
        {
            await httpContext.Response.WriteAsJsonAsync(ErrorBodies.Detail(detail), cancellationToken);
        }
        return true;
    }

    // The handler's parameters by their C# name, with the name the client sends (FromQuery/FromForm/FromRoute/FromHeader
    // Name): ASP.NET's binding failures name the C# parameter (userCode), FastAPI's loc the wire name (user_code).
    private static Dictionary<string, string> WireNames(Endpoint? endpoint)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (endpoint?.Metadata.GetMetadata<System.Reflection.MethodInfo>() is not { } method)
        {
            return names;
        }
        foreach (var parameter in method.GetParameters())
        {
            var attributes = parameter.GetCustomAttributes(inherit: false);
            var wire = attributes.OfType<Microsoft.AspNetCore.Http.Metadata.IFromQueryMetadata>().FirstOrDefault()?.Name
                ?? attributes.OfType<Microsoft.AspNetCore.Http.Metadata.IFromFormMetadata>().FirstOrDefault()?.Name
                ?? attributes.OfType<Microsoft.AspNetCore.Http.Metadata.IFromRouteMetadata>().FirstOrDefault()?.Name
                ?? attributes.OfType<Microsoft.AspNetCore.Http.Metadata.IFromHeaderMetadata>().FirstOrDefault()?.Name;
            if (parameter.Name is { } name && !string.IsNullOrEmpty(wire))
            {
                names[name] = wire;
            }
        }
        return names;
    }

    // The body, when BufferJsonBodies kept it: the input of a 422 and the position of a JSON error.
    private static async Task<string?> ReadBodyAgainAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.Body.CanSeek || request.Body.Length > ErrorBodyBuffering.MaxBufferedBytes)
        {
            return null;
        }
        request.Body.Position = 0;
        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>The status code and detail of a failure.</summary>
    public static (int Status, object Detail) Map(Exception exception) => exception switch
    {
        TooManyAttemptsException e => (StatusCodes.Status429TooManyRequests, e.Message),
        DiracException e => (StatusOf(e.Kind), e.Detail),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (StatusCodes.Status413PayloadTooLarge, "Request body too large"),
        BadHttpRequestException e => (StatusCodes.Status422UnprocessableEntity, ErrorBodies.FromBindingFailure(e)),
        System.Text.Json.JsonException e => (StatusCodes.Status422UnprocessableEntity, ErrorBodies.FromBindingFailure(e)),
        _ when DbUnitOfWork.IsUnavailable(exception) || exception.InnerException is { } inner && DbUnitOfWork.IsUnavailable(inner) =>
            (StatusCodes.Status503ServiceUnavailable, "Database unavailable"),
        OperationCanceledException => (499, "Request cancelled"),
        _ => (StatusCodes.Status500InternalServerError, "Internal server error"),
    };

    // The innermost exception that says why the database is unavailable (the server's own error, e.g. 57P01), or the
    // exception itself: wrappers ("An exception has been raised that is likely due to a transient failure") say nothing.
    private static Exception CauseOf(Exception exception)
    {
        Exception? cause = null;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (DbUnitOfWork.IsUnavailable(e))
            {
                cause = e;
            }
        }
        return cause ?? exception;
    }

    /// <summary>The HTTP status of each kind of DiracX error.</summary>
    public static int StatusOf(DiracErrorKind kind) => kind switch
    {
        DiracErrorKind.BadRequest => StatusCodes.Status400BadRequest,
        DiracErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        DiracErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        DiracErrorKind.NotFound => StatusCodes.Status404NotFound,
        DiracErrorKind.Conflict => StatusCodes.Status409Conflict,
        DiracErrorKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        DiracErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        DiracErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        DiracErrorKind.BadGateway => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status500InternalServerError,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}: {Error}")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity provider of VO {Vo} at {Url} failed: {Reason}")]
    private static partial void LogIdentityProviderFailed(ILogger logger, string vo, string url, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service unavailable ({Reason}) for {Path}")]
    private static partial void LogUnavailable(ILogger logger, string reason, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A 422 on {Path} was answered without its details: {Error}")]
    private static partial void LogUndescribed(ILogger logger, string path, string error);
}
