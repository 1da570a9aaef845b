namespace DiracX.Core.Errors;

/// <summary>What kind of failure a <see cref="DiracException"/> is; the HTTP layer maps each kind to a status code.</summary>
public enum DiracErrorKind
{
    /// <summary>The request is wrong (DiracX's default for its errors): 400.</summary>
    BadRequest,
    /// <summary>Authentication is missing or invalid: 401.</summary>
    Unauthorized,
    /// <summary>The caller may not do this: 403.</summary>
    Forbidden,
    /// <summary>The thing does not exist: 404.</summary>
    NotFound,
    /// <summary>The thing already exists or changed meanwhile: 409.</summary>
    Conflict,
    /// <summary>The request is too large: 413.</summary>
    PayloadTooLarge,
    /// <summary>The request body or parameters do not validate: 422.</summary>
    Unprocessable,
    /// <summary>A dependency (database, configuration) is not available yet: 503 with Retry-After.</summary>
    Unavailable,
    /// <summary>An upstream service (an identity provider) failed: 502.</summary>
    BadGateway,
}
