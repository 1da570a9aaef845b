namespace DiracX.Routers.Infrastructure.Routing;

/// <summary>How a route is protected: every route declares exactly one of these.</summary>
public sealed record RouteAccess
{
    private RouteAccess(string kind, string? policy)
    {
        Kind = kind;
        Policy = policy;
    }

    /// <summary><c>open</c>, <c>authenticated</c> or <c>policy</c>.</summary>
    public string Kind { get; }

    /// <summary>The access policy's name when <see cref="Kind"/> is <c>policy</c>.</summary>
    public string? Policy { get; }

    /// <summary>No authentication (well-known documents, probes, the login flows).</summary>
    public static RouteAccess Open { get; } = new("open", null);

    /// <summary>Any valid DiracX access token, no further policy (DiracX's <c>@open_access</c> on an authenticated router).</summary>
    public static RouteAccess AnyAuthenticated { get; } = new("authenticated", null);

    /// <summary>A valid access token and the named access policy, which the handler must invoke.</summary>
    public static RouteAccess WithPolicy(string name) => new("policy", name);

    /// <inheritdoc />
    public override string ToString() => Policy is null ? Kind : $"{Kind}:{Policy}";
}
