namespace DiracX.Core.Configuration;

/// <summary>Cache lifetimes of <see cref="ConfigProvider"/> (DiracX <c>DEFAULT_CS_REV_CACHE_SOFT_TTL</c>/<c>HARD_TTL</c>).</summary>
public sealed class ConfigProviderOptions
{
    /// <summary>How often the source is polled for a new revision (5 s).</summary>
    public TimeSpan SoftTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the last good snapshot is served without a successful refresh before requests get 503 (1 h).</summary>
    public TimeSpan HardTtl { get; init; } = TimeSpan.FromHours(1);
}
