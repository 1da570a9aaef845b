using DiracX.Core.Errors;
using DiracX.Core.Security;
using DiracX.Db.Auth;
using DiracX.Core.Telemetry;

namespace DiracX.Logic.Auth;

/// <summary>Listing and revoking refresh tokens (DiracX's <c>management.py</c>).</summary>
public static class RefreshTokenManagement
{
    /// <summary>
    /// The non-revoked refresh tokens of <paramref name="subject"/>; every token (revoked ones included) when
    /// <paramref name="subject"/> is null (a caller with ProxyManagement).
    /// </summary>
    public static async Task<IReadOnlyList<RefreshTokenInfo>> ListAsync(AuthDb db, string? subject, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.auth.refresh_tokens.list");
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.ListRefreshTokensAsync(subject, cancellationToken);
        return [.. rows.Select(r => new RefreshTokenInfo(r.JTI.ToString(), (int)r.Status, r.Scope, r.Sub))];
    }

    /// <summary>Revokes a token by jti; with a <paramref name="subject"/>, only a token of that subject.</summary>
    /// <exception cref="DiracException">400 for a jti that is not a UUID, 403 for another subject's token, 404 when unknown.</exception>
    public static async Task<string> RevokeByJtiAsync(AuthDb db, string? subject, string jti, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.auth.refresh_tokens.revoke");
        ArgumentNullException.ThrowIfNull(db);
        if (!Guid.TryParse(jti, out var id))
        {
            throw new DiracException("badly formed hexadecimal UUID string");
        }
        var row = await db.GetRefreshTokenForUpdateAsync(id, cancellationToken) ?? throw new NotFoundException($"Token {jti} not found");
        if (subject is not null && subject != row.Sub)
        {
            throw new ForbiddenException("Cannot revoke a refresh token owned by someone else");
        }
        await db.RevokeRefreshTokenAsync(id, cancellationToken);
        return $"Refresh token {jti} revoked";
    }

    /// <summary>
    /// RFC 7009 revocation: a hint of <c>access_token</c> is refused (400 <c>unsupported_token_type</c>) and the client
    /// must be DiracX's (401); a token that is not a valid refresh token of ours, or is unknown, is answered like a
    /// revoked one (RFC 7009 §2.2), so the endpoint reveals nothing about tokens.
    /// </summary>
    public static async Task RevokeByTokenAsync(AuthFlowContext context, string token, string? tokenTypeHint, string clientId,
        CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.auth.revoke");
        ArgumentNullException.ThrowIfNull(context);
        if (tokenTypeHint == "access_token")
        {
            throw new DiracException("unsupported_token_type");
        }
        if (context.Settings.DiracClientId != clientId)
        {
            throw new InvalidCredentialsException("Unrecognised client_id");
        }
        RefreshTokenPayload payload;
        try
        {
            payload = context.Verifier.VerifyRefreshToken(token);
        }
        catch (InvalidTokenException)
        {
            return;
        }
        await context.Db.RevokeRefreshTokenAsync(Guid.Parse(payload.Jti), cancellationToken);
    }
}
