namespace DiracX.Core.Errors;

/// <summary>
/// The base of every DiracX domain error. Core, Db and Logic throw these; only the HTTP layer turns them into
/// responses (<c>{"detail": ...}</c> with the status of <see cref="Kind"/>). The message is safe to show to clients.
/// </summary>
public class DiracException : Exception
{
    /// <summary>Creates an error with a client-visible message.</summary>
    public DiracException(string message, DiracErrorKind kind = DiracErrorKind.BadRequest, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>What kind of failure this is.</summary>
    public DiracErrorKind Kind { get; }

    /// <summary>
    /// The <c>detail</c> sent to the client: the message by default; a structured value where DiracX sends one
    /// (for example the status-update result on 404).
    /// </summary>
    public virtual object Detail => Message;
}

/// <summary>A dependency is not ready (configuration not loaded, database unreachable): 503 with <c>Retry-After: 10</c>.</summary>
public class NotReadyException(string message, Exception? innerException = null)
    : DiracException(message, DiracErrorKind.Unavailable, innerException);

/// <summary>The database cannot be reached.</summary>
public sealed class DbUnavailableException(string message, Exception? innerException = null)
    : NotReadyException(message, innerException);

/// <summary>The caller may not do this.</summary>
public sealed class ForbiddenException(string message) : DiracException(message, DiracErrorKind.Forbidden);

/// <summary>The requested thing does not exist.</summary>
public sealed class NotFoundException(string message) : DiracException(message, DiracErrorKind.NotFound);

/// <summary>The request is too large (body, JDL, number of ids).</summary>
public sealed class PayloadTooLargeException(string message) : DiracException(message, DiracErrorKind.PayloadTooLarge);

/// <summary>An error whose detail is a structured value rather than a message.</summary>
public sealed class DiracDetailException(object detail, DiracErrorKind kind, string message)
    : DiracException(message, kind)
{
    /// <inheritdoc />
    public override object Detail { get; } = detail;
}
