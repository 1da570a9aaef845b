using DiracX.Core.Errors;

namespace DiracX.Logic.Auth;

/// <summary>Credentials are invalid (DiracX's <c>InvalidCredentialsError</c>): 401 with <c>WWW-Authenticate: Bearer</c>.</summary>
public class InvalidCredentialsException(string message, Exception? innerException = null)
    : DiracException(message, DiracErrorKind.Unauthorized, innerException);

/// <summary>A rotated refresh token was presented again; every token of its subject was revoked (401).</summary>
public sealed class RefreshTokenReusedException()
    : InvalidCredentialsException("Revoked refresh token reused: potential attack detected. You must authenticate again"), ICommitBeforeFailing;

/// <summary>
/// A device-flow poll that cannot be answered with tokens yet (RFC 8628 §3.5): 400 with <c>{"error": Error}</c>,
/// where <see cref="Error"/> is <c>authorization_pending</c> or <c>slow_down</c>.
/// </summary>
public sealed class DeviceFlowPollException(string error) : DiracException(error), ICommitBeforeFailing
{
    /// <summary>The RFC 8628 error code.</summary>
    public string Error { get; } = error;
}

/// <summary>The identity provider failed (<see cref="DiracErrorKind.BadGateway"/>) or refused the request (401).</summary>
public sealed class IdentityProviderException(string message, DiracErrorKind kind, Exception? innerException = null)
    : DiracException(message, kind, innerException)
{
    /// <summary>The VO whose provider failed, when known (for the operator's log line, never for the caller).</summary>
    public string? Vo { get; init; }

    /// <summary>The provider URL that failed, when known (for the operator's log line, never for the caller).</summary>
    public string? Url { get; init; }
}

/// <summary>Too many failed user-code guesses from one client address: the HTTP layer answers 429.</summary>
public sealed class TooManyAttemptsException(TimeSpan retryAfter)
    : DiracException("Too many attempts, try again later")
{
    /// <summary>How long until the client may try again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
