namespace DiracX.Routers.Infrastructure.Access;

/// <summary>
/// Access policies by name (DiracX's <c>diracx.access_policies</c> entry points): a later registration under the same
/// name replaces the earlier one, for every route.
/// </summary>
public sealed class AccessPolicyRegistry
{
    private readonly Dictionary<string, (Type Service, Type Implementation)> _policies = new(StringComparer.Ordinal);

    /// <summary>Registered policies: name → (type routes ask for, type they receive).</summary>
    public IReadOnlyDictionary<string, (Type Service, Type Implementation)> Policies => _policies;

    /// <summary>Registers a policy under <paramref name="name"/>.</summary>
    public AccessPolicyRegistry Add<TPolicy>(string name) where TPolicy : AccessPolicy => Add<TPolicy, TPolicy>(name);

    /// <summary>Registers (or replaces) the implementation of the policy <paramref name="name"/>.</summary>
    public AccessPolicyRegistry Add<TService, TImplementation>(string name)
        where TService : AccessPolicy where TImplementation : TService
    {
        var service = _policies.TryGetValue(name, out var existing) ? existing.Service : typeof(TService);
        if (!service.IsAssignableFrom(typeof(TImplementation)))
        {
            throw new InvalidOperationException($"{typeof(TImplementation).Name} cannot replace the {name} policy: it must derive from {service.Name}.");
        }
        _policies[name] = (service, typeof(TImplementation));
        return this;
    }
}
