using DiracX.Core.Errors;
using DiracX.Core.Security;
using DiracX.Db.Auth;
using DiracX.Core.Telemetry;

namespace DiracX.Logic.Auth;

/// <summary>
/// The authorization-code flow with PKCE federated to the VO's identity provider (DiracX's
/// <c>authorize_code_flow.py</c>): DiracX redirects the browser to the IdP, and after the IdP's callback sends a
/// DiracX code (single use, stored hashed) to the client's registered redirect URI.
/// </summary>
public static class AuthorizationCodeFlowLogic
{
    /// <summary>A started flow: where to send the browser.</summary>
    /// <param name="context">The request's auth context.</param>
    /// <param name="idp">The IdP client.</param>
    /// <param name="cipher">The state cipher.</param>
    /// <param name="requestUrl">This endpoint's URL without query; the IdP calls back <c>{requestUrl}/complete</c>.</param>
    /// <param name="request">The client's parameters.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="DiracException">400 for an unknown client, a redirect URI not allowed, or a bad scope.</exception>
    public static async Task<string> InitiateAsync(AuthFlowContext context, IdentityProviderClient idp, FlowStateCipher cipher,
        string requestUrl, AuthorizationRequest request, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.auth.authorization_flow.initiate");
        ArgumentNullException.ThrowIfNull(request);
        if (context.Settings.DiracClientId != request.ClientId)
        {
            throw new DiracException("Unrecognised client_id");
        }
        if (!context.Settings.AllowedRedirects.Contains(request.RedirectUri, StringComparer.Ordinal))
        {
            throw new DiracException("Unrecognised redirect_uri");
        }
        var parsed = ScopeParser.Parse(request.Scope, context.Config, context.AvailableProperties);
        var uuid = Uuid7.New(context.Time);
        await context.Db.InsertAuthorizationFlowAsync(new AuthorizationFlow
        {
            UUID = uuid,
            ClientID = request.ClientId,
            CreationTime = context.Now,
            Scope = request.Scope,
            CodeChallenge = request.CodeChallenge,
            CodeChallengeMethod = request.CodeChallengeMethod,
            RedirectURI = request.RedirectUri,
        }, cancellationToken);
        var state = new Dictionary<string, string>
        {
            ["external_state"] = request.State, ["uuid"] = uuid.ToString(), ["grant_type"] = GrantTypes.AuthorizationCode,
        };
        return await idp.BuildAuthorizationUrlAsync(parsed.Vo, context.Config.Registry[parsed.Vo].IdP, $"{requestUrl}/complete", state,
            cipher, cancellationToken);
    }

    /// <summary>
    /// The IdP's callback: redeems its code, stores the ID token, and returns the client's redirect URI carrying the
    /// new DiracX code and the client's own state.
    /// </summary>
    /// <exception cref="DiracException">400 "Invalid state" (also for a flow no longer pending); 401/502 from the IdP.</exception>
    public static async Task<string> CompleteAsync(AuthFlowContext context, IdentityProviderClient idp, FlowStateCipher cipher,
        string requestUrl, string code, string state, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.auth.authorization_flow.complete");
        var decrypted = cipher.Decrypt(state);
        if (decrypted.GetValueOrDefault("grant_type") != GrantTypes.AuthorizationCode
            || !Guid.TryParse(decrypted.GetValueOrDefault("uuid"), out var uuid)
            || decrypted.GetValueOrDefault("vo") is not { } vo || decrypted.GetValueOrDefault("code_verifier") is not { } verifier
            || decrypted.GetValueOrDefault("external_state") is not { } externalState)
        {
            throw new DiracException("Invalid state");
        }
        if (await context.Db.GetAuthorizationFlowStatusAsync(uuid, cancellationToken) != FlowStatus.Pending)
        {
            throw new DiracException("Invalid state");
        }
        var registry = context.Config.Registry.GetValueOrDefault(vo) ?? throw new DiracException("Invalid state");
        IdpIdentity identity;
        try
        {
            identity = await idp.RedeemCodeAsync(vo, registry.IdP, code, verifier, requestUrl, cancellationToken);
        }
        catch (IdentityProviderException e) when (e.Kind == DiracErrorKind.Unauthorized)
        {
            throw new IdentityProviderException("Invalid code", DiracErrorKind.Unauthorized, e);
        }
        var issued = await context.Db.CompleteAuthorizationFlowAsync(uuid, identity.ClaimsJson, context.AuthorizationFlowsCreatedAfter, cancellationToken)
            ?? throw new DiracException("Invalid state");
        var separator = issued.RedirectUri.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{issued.RedirectUri}{separator}code={Uri.EscapeDataString(issued.Code)}&state={Uri.EscapeDataString(externalState)}";
    }
}

/// <summary>The parameters of <c>GET /api/auth/authorize</c>.</summary>
public sealed record AuthorizationRequest(
    string ClientId,
    string RedirectUri,
    string Scope,
    string State,
    string CodeChallenge,
    string CodeChallengeMethod);
