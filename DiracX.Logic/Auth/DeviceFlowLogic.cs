using DiracX.Core.Errors;
using DiracX.Db.Auth;
using DiracX.Core.Telemetry;

namespace DiracX.Logic.Auth;

/// <summary>
/// The device flow (RFC 8628) federated to the VO's identity provider (DiracX's <c>device_flow.py</c>): the client
/// starts it, the user opens the verification URI with the user code and logs in at the IdP, whose callback makes the
/// flow ready for the client's next poll of the token endpoint.
/// </summary>
public static class DeviceFlowLogic
{
    /// <summary>The message DiracX sends for an unknown, used or expired user code (SQLAlchemy's words).</summary>
    public const string UnknownUserCode = "No row was found when one was required";

    /// <summary>Starts a flow: checks the client and the scope, stores the flow and returns the codes.</summary>
    /// <param name="context">The request's auth context.</param>
    /// <param name="clientId">Must be DiracX's client id.</param>
    /// <param name="scope">The requested scope.</param>
    /// <param name="verificationUri">The URL of this endpoint without query (where the user goes).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static async Task<InitiateDeviceFlowResponse> InitiateAsync(AuthFlowContext context, string clientId, string scope,
        string verificationUri, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.auth.device_flow.initiate");
        if (context.Settings.DiracClientId != clientId)
        {
            throw new DiracException("Unrecognised client ID");
        }
        ScopeParser.Parse(scope, context.Config, context.AvailableProperties);
        var (userCode, deviceCode) = await context.Db.InsertDeviceFlowAsync(clientId, scope, context.Now, cancellationToken);
        return new InitiateDeviceFlowResponse(userCode, deviceCode, $"{verificationUri}?user_code={userCode}", verificationUri,
            context.Settings.DeviceFlowExpirationSeconds);
    }

    /// <summary>
    /// The verification URI: checks the user code (guesses are limited per client address) and returns the URL of the
    /// IdP's login, whose callback is <c><paramref name="requestUrl"/>/complete</c>.
    /// </summary>
    /// <exception cref="TooManyAttemptsException">The client address made too many failed guesses.</exception>
    /// <exception cref="DiracException">400 for an unknown or expired code or a scope no longer valid; 502 when the IdP is unreachable.</exception>
    public static async Task<string> StartLoginAsync(AuthFlowContext context, IdentityProviderClient idp, FlowStateCipher cipher,
        UserCodeAttemptLimiter limiter, string requestUrl, string userCode, System.Net.IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.auth.device_flow.login");
        await limiter.ThrowIfBlockedAsync(clientAddress, cancellationToken);
        var scope = await context.Db.GetPendingDeviceFlowScopeAsync(userCode, context.DeviceFlowsCreatedAfter, cancellationToken);
        if (scope is null)
        {
            await limiter.RecordFailureAsync(clientAddress, cancellationToken);
            throw new DiracException(UnknownUserCode);
        }
        var parsed = ScopeParser.Parse(scope, context.Config, context.AvailableProperties);
        var state = new Dictionary<string, string> { ["grant_type"] = GrantTypes.DeviceCode, ["user_code"] = userCode };
        return await idp.BuildAuthorizationUrlAsync(parsed.Vo, context.Config.Registry[parsed.Vo].IdP, $"{requestUrl}/complete", state, cipher,
            cancellationToken);
    }

    /// <summary>
    /// The IdP's callback: decrypts the state, refuses a flow that is no longer pending before contacting the IdP (a
    /// replayed callback is 400), redeems the code and stores the validated ID token; the flow becomes ready.
    /// </summary>
    /// <param name="context">The request's auth context.</param>
    /// <param name="idp">The IdP client.</param>
    /// <param name="cipher">The state cipher.</param>
    /// <param name="requestUrl">This callback's URL without query (the redirect URI given to the IdP).</param>
    /// <param name="code">The IdP's code.</param>
    /// <param name="state">The encrypted state.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static async Task FinishAsync(AuthFlowContext context, IdentityProviderClient idp, FlowStateCipher cipher, string requestUrl,
        string code, string state, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.auth.device_flow.finish");
        var decrypted = cipher.Decrypt(state);
        if (decrypted.GetValueOrDefault("grant_type") != GrantTypes.DeviceCode
            || decrypted.GetValueOrDefault("user_code") is not { } userCode
            || decrypted.GetValueOrDefault("vo") is not { } vo || decrypted.GetValueOrDefault("code_verifier") is not { } verifier)
        {
            throw new DiracException("Invalid state");
        }
        if (await context.Db.GetPendingDeviceFlowScopeAsync(userCode, context.DeviceFlowsCreatedAfter, cancellationToken) is null)
        {
            throw new DiracException("The device flow is not pending: its code was already used or has expired");
        }
        var registry = context.Config.Registry.GetValueOrDefault(vo) ?? throw new DiracException($"VO {vo} is not known to this installation");
        var identity = await idp.RedeemCodeAsync(vo, registry.IdP, code, verifier, requestUrl, cancellationToken);
        if (!await context.Db.CompleteDeviceFlowAsync(userCode, identity.ClaimsJson, context.DeviceFlowsCreatedAfter, cancellationToken))
        {
            throw new DiracException("The device flow is not pending: its code was already used or has expired");
        }
    }
}
