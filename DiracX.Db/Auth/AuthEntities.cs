namespace DiracX.Db.Auth;

/// <summary>The life of a login flow: PENDING → READY (the IdP authenticated the user) → DONE (tokens issued).</summary>
public enum FlowStatus
{
    /// <summary>Waiting for the user to log in at the identity provider.</summary>
    Pending = 1,
    /// <summary>The user is authenticated; the code can be exchanged for tokens once.</summary>
    Ready = 2,
    /// <summary>Tokens were issued; the code can no longer be used.</summary>
    Done = 3,
    /// <summary>The flow failed.</summary>
    Error = 4,
}

/// <summary>A refresh token's state; expiry is not a state (it is in the token).</summary>
public enum RefreshTokenStatus
{
    /// <summary>Issued and usable until it expires.</summary>
    Created = 1,
    /// <summary>Revoked (by rotation, by the user, or after reuse was detected); kept to detect reuse.</summary>
    Revoked = 2,
}

/// <summary>A device-flow login (RFC 8628): DiracX's <c>DeviceFlows</c> row.</summary>
public sealed class DeviceFlow
{
    /// <summary>The code the user types (8 characters of <see cref="AuthDb.UserCodeAlphabet"/>).</summary>
    public required string UserCode { get; set; }

    /// <summary>Where the flow is.</summary>
    public FlowStatus Status { get; set; } = FlowStatus.Pending;

    /// <summary>When the flow started (UTC).</summary>
    public DateTimeOffset CreationTime { get; set; }

    /// <summary>The DiracX client that started it.</summary>
    public required string ClientID { get; set; }

    /// <summary>The requested scope.</summary>
    public required string Scope { get; set; }

    /// <summary>SHA-256 (hex) of the device code: the code itself is never stored.</summary>
    public required string DeviceCode { get; set; }

    /// <summary>The validated ID-token claims from the IdP (JSON), once the user logged in.</summary>
    public string? IDToken { get; set; }

    /// <summary>When the client last polled the token endpoint (for <c>slow_down</c>); not in DiracX's schema.</summary>
    public DateTimeOffset? LastPollTime { get; set; }
}

/// <summary>An authorization-code login with PKCE: DiracX's <c>AuthorizationFlows</c> row.</summary>
public sealed class AuthorizationFlow
{
    /// <summary>The flow id (UUIDv7), carried in the encrypted state sent to the IdP.</summary>
    public Guid UUID { get; set; }

    /// <summary>Where the flow is.</summary>
    public FlowStatus Status { get; set; } = FlowStatus.Pending;

    /// <summary>The DiracX client that started it.</summary>
    public required string ClientID { get; set; }

    /// <summary>When the flow started (UTC).</summary>
    public DateTimeOffset CreationTime { get; set; }

    /// <summary>The requested scope.</summary>
    public required string Scope { get; set; }

    /// <summary>The client's PKCE challenge.</summary>
    public required string CodeChallenge { get; set; }

    /// <summary>The PKCE method (always S256).</summary>
    public required string CodeChallengeMethod { get; set; }

    /// <summary>Where the client wants the code sent.</summary>
    public required string RedirectURI { get; set; }

    /// <summary>SHA-256 (hex) of the DiracX authorization code, once issued.</summary>
    public string? Code { get; set; }

    /// <summary>The validated ID-token claims from the IdP (JSON), once the user logged in.</summary>
    public string? IDToken { get; set; }
}

/// <summary>A refresh token of a login session: DiracX's <c>RefreshTokens</c> row, keyed by the token's jti.</summary>
public sealed class RefreshToken
{
    /// <summary>The token's jti (UUIDv7).</summary>
    public Guid JTI { get; set; }

    /// <summary>Created or revoked.</summary>
    public RefreshTokenStatus Status { get; set; } = RefreshTokenStatus.Created;

    /// <summary>The scope of the session.</summary>
    public required string Scope { get; set; }

    /// <summary>The DiracX subject, <c>&lt;vo&gt;:&lt;idp sub&gt;</c>.</summary>
    public required string Sub { get; set; }

    /// <summary>When the token expires (not in DiracX's schema): lets pruning delete exactly the dead rows.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
