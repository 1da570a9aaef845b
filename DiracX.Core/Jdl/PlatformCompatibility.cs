namespace DiracX.Core.Jdl;

/// <summary>
/// DIRAC platforms compatible with a job's <c>Platform</c> (DiracX <c>find_compatible_platforms</c>, DIRAC
/// <c>getDIRACPlatform</c>) over <c>Resources/Computing/OSCompatibility</c>: platform → compatible OSes.
/// </summary>
public static class PlatformCompatibility
{
    /// <summary>
    /// The platforms whose compatible OS set contains any of <paramref name="jobPlatforms"/> (every platform
    /// counts as compatible with itself, as DiracX's config guarantees), highest version first.
    /// </summary>
    /// <exception cref="JdlValidationException">The map is empty, or nothing is compatible.</exception>
    public static IReadOnlyList<string> FindCompatiblePlatforms<TOsSet>(
        IEnumerable<string> jobPlatforms, IReadOnlyDictionary<string, TOsSet> osCompatibility)
        where TOsSet : IEnumerable<string>
    {
        ArgumentNullException.ThrowIfNull(jobPlatforms);
        ArgumentNullException.ThrowIfNull(osCompatibility);
        if (osCompatibility.Count == 0)
        {
            throw new JdlValidationException("OS compatibility info not found");
        }

        var wanted = jobPlatforms.ToList();
        var wantedSet = wanted.ToHashSet(StringComparer.Ordinal);
        var platforms = osCompatibility
            .Where(p => wantedSet.Contains(p.Key) || p.Value.Any(wantedSet.Contains))
            .Select(p => p.Key)
            .ToList();
        if (platforms.Count == 0)
        {
            throw new JdlValidationException($"No compatible DIRAC platform found for {string.Join(',', wanted)}");
        }

        return [.. platforms
            .Select(p => (Platform: p, Key: PlatformVersionKey.For(p)))
            .OrderByDescending(p => p.Key, PlatformVersionKey.Comparer)
            .ThenBy(p => p.Platform, StringComparer.Ordinal)
            .Select(p => p.Platform)];
    }
}
