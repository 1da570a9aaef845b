using System.Text.Json;
using DiracX.Core.Errors;
using DiracX.Core.Security;
using DiracX.Db.Auth;
using DiracX.Core.Telemetry;

namespace DiracX.Logic.Auth;

/// <summary>The parameters of a token request (the form of <c>POST /api/auth/token</c>).</summary>
public sealed record TokenRequest(
    string GrantType,
    string ClientId,
    string? DeviceCode = null,
    string? Code = null,
    string? RedirectUri = null,
    string? CodeVerifier = null,
    string? RefreshToken = null);

/// <summary>
/// The token endpoint's three grants (DiracX's <c>get_oidc_token</c>). Unknown or reused codes are 400 (DiracX
/// answers 500 for unknown ones, quirk A6); a code is used once, under a row lock.
/// </summary>
public static class TokenGrants
{
    /// <summary>Issues tokens for a grant.</summary>
    /// <exception cref="DeviceFlowPollException">The device flow is not ready (<c>authorization_pending</c>) or polled too fast (<c>slow_down</c>).</exception>
    /// <exception cref="InvalidCredentialsException">401: expired device code, invalid refresh token, reused rotated token.</exception>
    /// <exception cref="DiracException">400 for bad requests, 403 when the identity is not allowed.</exception>
    public static async Task<TokenResponse> GetTokenAsync(AuthFlowContext context, TokenRequest request, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.auth.token");
        ArgumentNullException.ThrowIfNull(request);
        // Only known grant types become tag values: the caller chooses the string.
        var grantType = request.GrantType is GrantTypes.DeviceCode or GrantTypes.AuthorizationCode or GrantTypes.RefreshToken
            ? request.GrantType : "other";
        activity?.SetTag("diracx.auth.grant_type", grantType);
        try
        {
            var response = request.GrantType switch
            {
                GrantTypes.DeviceCode => await FromDeviceCodeAsync(context, request, cancellationToken),
                GrantTypes.AuthorizationCode => await FromAuthorizationCodeAsync(context, request, cancellationToken),
                GrantTypes.RefreshToken => await FromRefreshTokenAsync(context, Required(request.RefreshToken, "refresh_token"), cancellationToken),
                _ => throw new DiracException($"Grant type not implemented {request.GrantType}"),
            };
            DiracXTelemetry.TokenGrants.Add(1, new KeyValuePair<string, object?>("grant_type", grantType));
            return response;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var reason = FailureReason(e);
            DiracXTelemetry.TokenGrantFailures.Add(1, new KeyValuePair<string, object?>("grant_type", grantType),
                new KeyValuePair<string, object?>("reason", reason));
            activity?.SetTag("diracx.auth.failure_reason", reason);
            throw;
        }
    }

    // A small fixed set of reasons (never the message): pending polls are failures of the request, not of the user.
    private static string FailureReason(Exception e) => e switch
    {
        DeviceFlowPollException poll => poll.Error is "slow_down" ? "slow_down" : "authorization_pending",
        RefreshTokenReusedException => "refresh_token_reused",
        InvalidCredentialsException => "invalid_credentials",
        DiracException { Kind: DiracErrorKind.Forbidden } => "forbidden",
        DiracException { Kind: DiracErrorKind.BadRequest } => "bad_request",
        DiracException => "refused",
        _ => "error",
    };

    private static async Task<TokenResponse> FromDeviceCodeAsync(AuthFlowContext context, TokenRequest request, CancellationToken cancellationToken)
    {
        var deviceCode = Required(request.DeviceCode, "device_code");
        var flow = await context.Db.GetDeviceFlowForUpdateAsync(deviceCode, cancellationToken)
            ?? throw new DiracException("Invalid device code");
        if (flow.CreationTime <= context.DeviceFlowsCreatedAfter)
        {
            throw new InvalidCredentialsException("Device code expired");
        }
        switch (flow.Status)
        {
            case FlowStatus.Done:
                throw new DiracException("Code was already used");
            case FlowStatus.Pending:
                var now = context.Now;
                var tooSoon = flow.LastPollTime is { } last && now - last < TimeSpan.FromSeconds(context.Flows.DeviceFlowPollIntervalSeconds);
                await context.Db.SetDeviceFlowPolledAsync(deviceCode, now, cancellationToken);
                throw new DeviceFlowPollException(tooSoon ? "slow_down" : "authorization_pending");
            case FlowStatus.Ready:
                break;
            default:
                throw new DiracException("Bad state in device flow");
        }
        if (flow.ClientID != request.ClientId)
        {
            throw new DiracException("Bad client_id");
        }
        await context.Db.SetDeviceFlowStatusAsync(deviceCode, FlowStatus.Done, cancellationToken);
        return await TokenExchange.IssueAsync(context, flow.Scope, SubjectOf(flow.IDToken), new RefreshPlan.NewSession(), cancellationToken);
    }

    private static async Task<TokenResponse> FromAuthorizationCodeAsync(AuthFlowContext context, TokenRequest request,
        CancellationToken cancellationToken)
    {
        var code = Required(request.Code, "code");
        var verifier = Required(request.CodeVerifier, "code_verifier");
        var flow = await context.Db.GetAuthorizationFlowForUpdateAsync(code, context.AuthorizationFlowsCreatedAfter, cancellationToken)
            ?? throw new DiracException("Invalid code");
        if (flow.Status == FlowStatus.Done)
        {
            throw new DiracException("Code was already used");
        }
        if (flow.Status != FlowStatus.Ready)
        {
            throw new DiracException("Bad state in authorization flow");
        }
        if (request.RedirectUri != flow.RedirectURI)
        {
            throw new DiracException("Invalid redirect_uri");
        }
        if (request.ClientId != flow.ClientID)
        {
            throw new DiracException("Bad client_id");
        }
        if (!Pkce.Matches(verifier, flow.CodeChallenge))
        {
            throw new DiracException("Invalid code_challenge");
        }
        await context.Db.SetAuthorizationFlowStatusAsync(code, FlowStatus.Done, cancellationToken);
        return await TokenExchange.IssueAsync(context, flow.Scope, SubjectOf(flow.IDToken), new RefreshPlan.NewSession(), cancellationToken);
    }

    /// <summary>
    /// Rotation (RFC 6749 §10.4): the presented token is revoked and replaced, keeping the session's expiry. A revoked
    /// token presented again means it leaked: every token of the subject is revoked (kept although the request fails).
    /// Legacy-exchange sessions are not rotated.
    /// </summary>
    private static async Task<TokenResponse> FromRefreshTokenAsync(AuthFlowContext context, string refreshToken, CancellationToken cancellationToken)
    {
        RefreshTokenPayload payload;
        try
        {
            payload = context.Verifier.VerifyRefreshToken(refreshToken);
        }
        catch (InvalidTokenException e)
        {
            throw new InvalidCredentialsException(e.Reason, e);
        }
        var row = await context.Db.GetRefreshTokenForUpdateAsync(Guid.Parse(payload.Jti), cancellationToken)
            ?? throw new DiracException($"Token {payload.Jti} not found");
        RefreshPlan plan;
        if (payload.LegacyExchange)
        {
            // DiracX never checks the status of a legacy session's token, so revoking it had no effect.
            plan = row.Status == RefreshTokenStatus.Revoked
                ? throw new InvalidCredentialsException("Revoked refresh token")
                : new RefreshPlan.Keep(refreshToken);
        }
        else
        {
            if (row.Status == RefreshTokenStatus.Revoked)
            {
                await context.Db.RevokeUserRefreshTokensAsync(row.Sub, cancellationToken);
                throw new RefreshTokenReusedException();
            }
            await context.Db.RevokeRefreshTokenAsync(row.JTI, cancellationToken);
            plan = new RefreshPlan.Rotate(payload);
        }
        // The stored subject is "<vo>:<idp sub>"; the exchange wants the IdP's.
        var idpSubject = row.Sub[(row.Sub.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return await TokenExchange.IssueAsync(context, row.Scope, idpSubject, plan, cancellationToken);
    }

    private static string SubjectOf(string? idTokenJson)
    {
        using var claims = JsonDocument.Parse(idTokenJson ?? throw new InvalidOperationException("A ready flow has no ID token"));
        return claims.RootElement.GetProperty("sub").GetString() ?? throw new InvalidOperationException("The ID token has no sub");
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw new DiracException($"{name} is required for this grant type") : value;
}
