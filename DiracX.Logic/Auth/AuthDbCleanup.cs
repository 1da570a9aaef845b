using DiracX.Core.Settings;
using DiracX.Db.Auth;

namespace DiracX.Logic.Auth;

/// <summary>
/// Removes what AuthDB no longer needs (DiracX's <c>cleanup_expired_data</c>): flows older than
/// <c>COMPLETED_FLOW_RETENTION_MINUTES</c>, and refresh tokens, revoked or not, whose expiry has passed (an expired
/// token can no longer be verified, so it no longer serves reuse detection). Run it periodically from a task.
/// </summary>
public static class AuthDbCleanup
{
    /// <summary>Prunes and returns what was deleted.</summary>
    public static Task<AuthDbPruneResult> PruneAsync(AuthDb db, AuthSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        return db.PruneAsync(now.AddMinutes(-settings.CompletedFlowRetentionMinutes), now, cancellationToken);
    }
}
