namespace DiracX.Routers.Infrastructure.Routing;

/// <summary>
/// What each system needs to run (databases, settings). A system that is enabled but lacks one of them stops the
/// start-up with a message naming what is missing, as DiracX's "Cannot enable system=... as it requires ...".
/// </summary>
public sealed class SystemRequirements
{
    private readonly List<(string System, string What, Func<IConfiguration, bool> IsMet)> _requirements = [];

    /// <summary>Every requirement: the system, a description of what is required, and the check.</summary>
    public IReadOnlyList<(string System, string What, Func<IConfiguration, bool> IsMet)> All => _requirements;

    /// <summary>The system needs a setting (a configuration key with a non-empty value).</summary>
    public SystemRequirements RequireSetting(string system, string key, string environmentName) =>
        Add(system, $"the setting {key} ({environmentName})", c => !string.IsNullOrWhiteSpace(c[key]) || c.GetSection(key).GetChildren().Any());

    /// <summary>The system needs some condition on the configuration, described by <paramref name="what"/>.</summary>
    public SystemRequirements Add(string system, string what, Func<IConfiguration, bool> isMet)
    {
        _requirements.Add((system, what, isMet));
        return this;
    }
}
