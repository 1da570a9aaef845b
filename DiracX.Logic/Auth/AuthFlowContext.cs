using DiracX.Core.Configuration;
using DiracX.Core.Security;
using DiracX.Core.Settings;
using DiracX.Db.Auth;

namespace DiracX.Logic.Auth;

/// <summary>What the auth logic works with during one request.</summary>
/// <param name="Db">The AuthDB of the request's unit of work.</param>
/// <param name="Config">The configuration (registry) current for the request.</param>
/// <param name="Settings">DiracX's auth settings.</param>
/// <param name="Flows">The flow settings of this port.</param>
/// <param name="AvailableProperties">The security properties of the installation (or <c>AVAILABLE_PROPERTIES</c>).</param>
/// <param name="Issuer">Signs DiracX tokens.</param>
/// <param name="Verifier">Verifies DiracX tokens.</param>
/// <param name="Time">The clock.</param>
public sealed record AuthFlowContext(
    AuthDb Db,
    Config Config,
    AuthSettings Settings,
    AuthFlowSettings Flows,
    IReadOnlySet<string> AvailableProperties,
    DiracXTokenIssuer Issuer,
    DiracXTokenVerifier Verifier,
    TimeProvider Time)
{
    /// <summary>The current time.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>The oldest creation time of a device flow that can still be used.</summary>
    public DateTimeOffset DeviceFlowsCreatedAfter => Now.AddSeconds(-Settings.DeviceFlowExpirationSeconds);

    /// <summary>The oldest creation time of an authorization flow that can still be used.</summary>
    public DateTimeOffset AuthorizationFlowsCreatedAfter => Now.AddSeconds(-Settings.AuthorizationFlowExpirationSeconds);
}
