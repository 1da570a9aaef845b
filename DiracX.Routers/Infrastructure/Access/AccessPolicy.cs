namespace DiracX.Routers.Infrastructure.Access;

/// <summary>
/// The base of DiracX's access policies (WMS, sandbox, pilot management, ...). A route declares one policy by name;
/// its handler receives the policy as a parameter and must invoke it — <see cref="MarkInvoked"/> records that, and
/// <see cref="AccessPolicyFilter"/> fails a request whose declared policy was never invoked. An extension replaces a
/// policy by registering a subclass under the same name: every route asking for the base type then receives it.
/// </summary>
public abstract class AccessPolicy(AccessPolicyTracker tracker)
{
    /// <summary>The name routes use to declare this policy (DiracX's entry-point name, e.g. <c>wms</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Records that the policy was applied to the current request; call it from every check method.</summary>
    protected void MarkInvoked() => tracker.Invoked(Name);
}

/// <summary>Which policies a request has invoked (scoped to the request).</summary>
public sealed class AccessPolicyTracker
{
    private readonly HashSet<string> _invoked = new(StringComparer.Ordinal);

    /// <summary>Records an invocation.</summary>
    public void Invoked(string policy) => _invoked.Add(policy);

    /// <summary>Whether the named policy was invoked.</summary>
    public bool WasInvoked(string policy) => _invoked.Contains(policy);
}
