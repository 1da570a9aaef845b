namespace DiracX.Core.Security;

/// <summary>
/// The set of properties an installation knows: DiracX's built-in ones plus those extensions add (DiracX unions the
/// <c>properties_module</c> of every installed extension). Configuration validation rejects groups that grant a
/// property outside this set. Fill it at start-up; reads are thread-safe once start-up is over.
/// </summary>
public sealed class SecurityPropertyRegistry
{
    private readonly HashSet<string> _properties = new(StringComparer.Ordinal);

    /// <summary>Creates a registry holding the built-in properties.</summary>
    public SecurityPropertyRegistry()
    {
        _properties.UnionWith(SecurityProperty.BuiltIn);
    }

    /// <summary>Every known property, sorted ordinally.</summary>
    public IReadOnlyList<string> All => [.. _properties.Order(StringComparer.Ordinal)];

    /// <summary>Adds extension properties (for example Gubbins' <c>GubbinsSensei</c>).</summary>
    /// <returns>This registry, for chaining.</returns>
    public SecurityPropertyRegistry Add(params IEnumerable<string> properties)
    {
        foreach (var property in properties)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(property);
            _properties.Add(property);
        }
        return this;
    }

    /// <summary>Whether the property is known to this installation.</summary>
    public bool Contains(string property) => _properties.Contains(property);
}
