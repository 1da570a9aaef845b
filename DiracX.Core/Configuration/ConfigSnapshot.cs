namespace DiracX.Core.Configuration;

/// <summary>One validated configuration with the commit it came from (the ETag and Last-Modified of <c>/api/config/</c>).</summary>
/// <param name="Config">The configuration.</param>
/// <param name="Revision">The commit sha (DiracX <c>_hexsha</c>).</param>
/// <param name="Modified">The commit time, UTC (DiracX <c>_modified</c>).</param>
public sealed record ConfigSnapshot(Config Config, string Revision, DateTimeOffset Modified);

/// <summary>Where the configuration comes from.</summary>
public interface IConfigSource
{
    /// <summary>Reads and validates the latest configuration.</summary>
    /// <exception cref="ConfigSourceException">The source cannot be read.</exception>
    /// <exception cref="ConfigValidationException">The latest configuration is invalid.</exception>
    Task<ConfigSnapshot> ReadAsync(CancellationToken cancellationToken);
}
