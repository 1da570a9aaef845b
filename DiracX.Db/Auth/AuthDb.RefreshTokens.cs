using Microsoft.EntityFrameworkCore;

namespace DiracX.Db.Auth;

/// <summary>Counts of rows deleted by <see cref="AuthDb.PruneAsync"/>.</summary>
/// <param name="DeviceFlows">Device flows deleted.</param>
/// <param name="AuthorizationFlows">Authorization flows deleted.</param>
/// <param name="RefreshTokens">Refresh tokens deleted.</param>
public sealed record AuthDbPruneResult(int DeviceFlows, int AuthorizationFlows, int RefreshTokens);

public partial class AuthDb
{
    /// <summary>Stores a new refresh token.</summary>
    public virtual async Task InsertRefreshTokenAsync(Guid jti, string subject, string scope, DateTimeOffset expiresAt,
        CancellationToken cancellationToken)
    {
        Context.RefreshTokens.Add(new RefreshToken { JTI = jti, Sub = subject, Scope = scope, ExpiresAt = expiresAt });
        await Context.SaveChangesAsync(cancellationToken);
        Context.ChangeTracker.Clear();
    }

    /// <summary>A refresh token, locked until the transaction ends (so a token is rotated once); null when unknown.</summary>
    public virtual async Task<RefreshToken?> GetRefreshTokenForUpdateAsync(Guid jti, CancellationToken cancellationToken)
    {
        var rows = await Context.RefreshTokens
            .FromSqlRaw(Sql($"SELECT * FROM {Table("RefreshTokens")} WHERE \"JTI\" = {{0}} FOR UPDATE"), jti)
            .AsNoTracking().ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <summary>
    /// The refresh tokens of <paramref name="subject"/> that are not revoked; every token (revoked ones included) when
    /// <paramref name="subject"/> is null (DiracX's <c>get_user_refresh_tokens</c>). Ordered by jti (creation time).
    /// </summary>
    public virtual async Task<IReadOnlyList<RefreshToken>> ListRefreshTokensAsync(string? subject, CancellationToken cancellationToken)
    {
        var query = Context.RefreshTokens.AsNoTracking();
        if (subject is not null)
        {
            query = query.Where(t => t.Sub == subject && t.Status != RefreshTokenStatus.Revoked);
        }
        return await query.OrderBy(t => t.JTI).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes one refresh token (revoking a revoked token changes nothing).</summary>
    public virtual Task RevokeRefreshTokenAsync(Guid jti, CancellationToken cancellationToken) =>
        Context.RefreshTokens.Where(t => t.JTI == jti)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, RefreshTokenStatus.Revoked), cancellationToken);

    /// <summary>Revokes every refresh token of a subject; returns how many rows were revoked.</summary>
    public virtual Task<int> RevokeUserRefreshTokensAsync(string subject, CancellationToken cancellationToken) =>
        Context.RefreshTokens.Where(t => t.Sub == subject && t.Status != RefreshTokenStatus.Revoked)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, RefreshTokenStatus.Revoked), cancellationToken);

    /// <summary>
    /// Deletes flows created before <paramref name="flowsCreatedBefore"/> and refresh tokens (revoked or not) that
    /// expired before <paramref name="tokensExpiredBefore"/>. A revoked token that has not expired is kept: it is what
    /// detects the reuse of a rotated token.
    /// </summary>
    public virtual async Task<AuthDbPruneResult> PruneAsync(DateTimeOffset flowsCreatedBefore, DateTimeOffset tokensExpiredBefore,
        CancellationToken cancellationToken)
    {
        var device = await Context.DeviceFlows.Where(f => f.CreationTime < flowsCreatedBefore).ExecuteDeleteAsync(cancellationToken);
        var authorization = await Context.AuthorizationFlows.Where(f => f.CreationTime < flowsCreatedBefore).ExecuteDeleteAsync(cancellationToken);
        var tokens = await Context.RefreshTokens.Where(t => t.ExpiresAt < tokensExpiredBefore).ExecuteDeleteAsync(cancellationToken);
        return new AuthDbPruneResult(device, authorization, tokens);
    }
}
