using System.ComponentModel.DataAnnotations;

namespace DiracX.Logic.Auth;

/// <summary>
/// Settings of the login flows beyond DiracX's <c>AuthSettings</c>, bound from the same section (<c>DiracX:Auth</c>,
/// environment <c>DIRACX_SERVICE_AUTH_*</c>), plus DiracX's <c>DIRACX_LEGACY_EXCHANGE_HASHED_API_KEY</c>.
/// </summary>
public sealed class AuthFlowSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DiracX:Auth";

    /// <summary>
    /// SHA-256 (hex) of the legacy DIRAC exchange secret; empty disables <c>/api/auth/legacy-exchange</c> (503).
    /// Environment: <c>DIRACX_LEGACY_EXCHANGE_HASHED_API_KEY</c>.
    /// </summary>
    public string LegacyExchangeHashedApiKey { get; set; } = "";

    /// <summary>
    /// Shortest time between two token polls of one device flow; a faster poll gets <c>slow_down</c>. DiracX's own
    /// client polls every 2 seconds, so the default stays below that.
    /// Environment: <c>DIRACX_SERVICE_AUTH_DEVICE_FLOW_POLL_INTERVAL_SECONDS</c>. Default 1.
    /// </summary>
    [Range(0, 60)]
    public int DeviceFlowPollIntervalSeconds { get; set; } = 1;

    /// <summary>
    /// Failed user-code entries allowed per client address within <see cref="UserCodeAttemptWindowSeconds"/>, after
    /// which the address gets 429. Environment: <c>DIRACX_SERVICE_AUTH_USER_CODE_ATTEMPT_LIMIT</c>. Default 10.
    /// </summary>
    [Range(1, 1_000_000)]
    public int UserCodeAttemptLimit { get; set; } = 10;

    /// <summary>The window of <see cref="UserCodeAttemptLimit"/>, in seconds. Default 300.</summary>
    [Range(1, 86_400)]
    public int UserCodeAttemptWindowSeconds { get; set; } = 300;

    /// <summary>How long an identity provider's discovery document and keys are cached, in seconds. Default 3600.</summary>
    [Range(1, 86_400)]
    public int IdpMetadataCacheSeconds { get; set; } = 3600;
}
