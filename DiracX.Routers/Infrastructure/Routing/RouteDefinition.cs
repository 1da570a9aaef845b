using Microsoft.AspNetCore.Builder;

namespace DiracX.Routers.Infrastructure.Routing;

/// <summary>One route a module contributes. Keyed by method and path: a later definition replaces an earlier one.</summary>
/// <param name="System">The module (system) that contributed it; its tag in OpenAPI and its on/off switch.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Pattern">The absolute route pattern, e.g. <c>/api/jobs/{job_id}/sandbox</c>.</param>
/// <param name="Handler">A named method (its name makes the OpenAPI operation id).</param>
/// <param name="Access">How the route is protected.</param>
/// <param name="Summary">One line for OpenAPI; empty when the handler carries it (<c>[EndpointSummary]</c>).</param>
/// <param name="Description">What the route does, for OpenAPI; empty when the handler carries it (<c>[EndpointDescription]</c>).</param>
public sealed record RouteDefinition(
    string System,
    string Method,
    string Pattern,
    Delegate Handler,
    RouteAccess Access,
    string Summary,
    string Description)
{
    /// <summary>The OpenAPI tag; DiracX tags each router with its system name.</summary>
    public string Tag { get; init; } = System;

    /// <summary>The handler's name as DiracX spells it (snake_case); the operation id is <c>&lt;tag&gt;_&lt;name&gt;</c>.</summary>
    public string? FunctionName { get; init; }

    /// <summary>The DiracX databases the route uses; the request's unit of work opens exactly these.</summary>
    public IReadOnlyList<string> Databases { get; init; } = [];

    /// <summary>Hidden from the OpenAPI document (probes, legacy exchange).</summary>
    public bool ExcludeFromDescription { get; init; }

    /// <summary>Further configuration of the endpoint (produces, filters, ...).</summary>
    public Action<RouteHandlerBuilder>? Configure { get; init; }

    /// <summary>The key under which routes replace each other: method and path with parameter names ignored.</summary>
    public (string Method, string Path) Key => (Method.ToUpperInvariant(), RouteKeys.Normalize(Pattern));

    /// <summary>The OpenAPI operation id, DiracX's <c>&lt;tag&gt;_&lt;function name&gt;</c>.</summary>
    public string OperationId => $"{Tag}_{FunctionName ?? RouteKeys.SnakeCase(Handler.Method.Name)}";
}
