namespace DiracX.Routers.Health;

/// <summary>One condition for the readiness and startup probes (configuration loaded, databases reachable...).</summary>
public interface IReadinessCheck
{
    /// <summary>Null when ready; otherwise what is not ready, for the probe's <c>detail</c>.</summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
