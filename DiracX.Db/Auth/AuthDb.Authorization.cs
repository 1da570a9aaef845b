using Microsoft.EntityFrameworkCore;

namespace DiracX.Db.Auth;

public partial class AuthDb
{
    /// <summary>Starts an authorization-code flow.</summary>
    public virtual async Task InsertAuthorizationFlowAsync(AuthorizationFlow flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        Context.AuthorizationFlows.Add(flow);
        await Context.SaveChangesAsync(cancellationToken);
        Context.Entry(flow).State = EntityState.Detached;
    }

    /// <summary>The status of an authorization flow, or null when there is none.</summary>
    public virtual async Task<FlowStatus?> GetAuthorizationFlowStatusAsync(Guid uuid, CancellationToken cancellationToken) =>
        await Context.AuthorizationFlows.AsNoTracking().Where(f => f.UUID == uuid)
            .Select(f => (FlowStatus?)f.Status).SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Stores the ID-token claims on a pending, unexpired authorization flow, issues its DiracX code (stored hashed)
    /// and makes it READY. Returns the clear code and the client's redirect URI, or null when no such flow exists.
    /// </summary>
    public virtual async Task<(string Code, string RedirectUri)?> CompleteAuthorizationFlowAsync(Guid uuid, string idTokenJson,
        DateTimeOffset createdAfter, CancellationToken cancellationToken)
    {
        var code = NewSecret();
        var hash = Hash(code);
        var updated = await Context.AuthorizationFlows
            .Where(f => f.UUID == uuid && f.Status == FlowStatus.Pending && f.CreationTime > createdAfter)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.IDToken, idTokenJson).SetProperty(f => f.Code, hash)
                .SetProperty(f => f.Status, FlowStatus.Ready), cancellationToken);
        if (updated != 1)
        {
            return null;
        }
        var redirect = await Context.AuthorizationFlows.AsNoTracking().Where(f => f.UUID == uuid)
            .Select(f => f.RedirectURI).SingleAsync(cancellationToken);
        return (code, redirect);
    }

    /// <summary>
    /// The authorization flow of a (clear) DiracX code created after <paramref name="createdAfter"/>, locked until
    /// the transaction ends; null when unknown or expired.
    /// </summary>
    public virtual async Task<AuthorizationFlow?> GetAuthorizationFlowForUpdateAsync(string code, DateTimeOffset createdAfter,
        CancellationToken cancellationToken)
    {
        var rows = await Context.AuthorizationFlows
            .FromSqlRaw(Sql($"SELECT * FROM {Table("AuthorizationFlows")} WHERE \"Code\" = {{0}} AND \"CreationTime\" > {{1}} FOR UPDATE"),
                Hash(code), createdAfter)
            .AsNoTracking().ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <summary>Sets the status of the authorization flow of a (clear) DiracX code.</summary>
    public virtual Task SetAuthorizationFlowStatusAsync(string code, FlowStatus status, CancellationToken cancellationToken)
    {
        var hash = Hash(code);
        return Context.AuthorizationFlows.Where(f => f.Code == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, status), cancellationToken);
    }
}
