namespace DiracX.Core.Security;

/// <summary>
/// A DiracX token failed verification. The HTTP layer answers only "Invalid JWT"; <see cref="Reason"/> is for logs.
/// </summary>
/// <remarks>Neither the message nor the reason ever contains the token or any value read from it.</remarks>
public sealed class InvalidTokenException : Exception
{
    /// <summary>Creates the exception with a reason fit for logs.</summary>
    public InvalidTokenException(string reason)
        : base($"Invalid JWT: {reason}")
    {
        Reason = reason;
    }

    /// <summary>Creates the exception with a reason fit for logs and the failure that caused it.</summary>
    public InvalidTokenException(string reason, Exception innerException)
        : base($"Invalid JWT: {reason}", innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the token was rejected (e.g. <c>expired_token: The token is expired</c>).</summary>
    public string Reason { get; }
}
