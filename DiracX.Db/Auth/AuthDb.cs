using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace DiracX.Db.Auth;

/// <summary>
/// DiracX's AuthDB atomic operations over <see cref="AuthDbContext"/>, on the request's connection and transaction.
/// Device and authorization codes are stored as SHA-256 hex digests only. Times come from the caller (its clock).
/// </summary>
public partial class AuthDb(AuthDbContext context)
{
    /// <summary>RFC 8628 §6.1's user-code alphabet (no vowels, no look-alikes), as DiracX uses.</summary>
    public const string UserCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ";

    /// <summary>The length of a user code.</summary>
    public const int UserCodeLength = 8;

    private const int MaxInsertAttempts = 5;

    /// <summary>The context this service works on.</summary>
    protected AuthDbContext Context { get; } = context;

    private string Table(string name) => $"\"{Context.Schema}\".\"{name}\"";

    // The only text spliced into these statements is the context's schema and table names, never a value.
    private static string Sql(string statement) => statement;

    /// <summary>SHA-256 of a code as lower-case hex (DiracX's <c>hash</c>).</summary>
    public static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    /// <summary>A URL-safe random secret of 32 bytes (Python's <c>secrets.token_urlsafe()</c>).</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A random user code.</summary>
    public static string NewUserCode() => RandomNumberGenerator.GetString(UserCodeAlphabet, UserCodeLength);

    /// <summary>
    /// Starts a device flow and returns its user code and (clear) device code. A user-code collision is retried with
    /// a new code (<c>ON CONFLICT DO NOTHING</c>, so the transaction survives it).
    /// </summary>
    /// <exception cref="InvalidOperationException">Every attempt collided.</exception>
    public virtual async Task<(string UserCode, string DeviceCode)> InsertDeviceFlowAsync(string clientId, string scope, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxInsertAttempts; attempt++)
        {
            var userCode = NewUserCode();
            var deviceCode = NewSecret();
            var inserted = await Context.Database.ExecuteSqlRawAsync(Sql(
                $"INSERT INTO {Table("DeviceFlows")} (\"UserCode\", \"Status\", \"CreationTime\", \"ClientID\", \"Scope\", \"DeviceCode\") "
                + "VALUES ({0}, 'PENDING', {1}, {2}, {3}, {4}) ON CONFLICT DO NOTHING"),
                [userCode, now, clientId, scope, Hash(deviceCode)], cancellationToken);
            if (inserted == 1)
            {
                return (userCode, deviceCode);
            }
        }
        throw new InvalidOperationException($"Could not insert new device flow after {MaxInsertAttempts} retries");
    }

    /// <summary>The scope of a pending device flow created after <paramref name="createdAfter"/>, or null.</summary>
    public virtual Task<string?> GetPendingDeviceFlowScopeAsync(string userCode, DateTimeOffset createdAfter, CancellationToken cancellationToken) =>
        Context.DeviceFlows.AsNoTracking()
            .Where(f => f.UserCode == userCode && f.Status == FlowStatus.Pending && f.CreationTime > createdAfter)
            .Select(f => f.Scope).SingleOrDefaultAsync(cancellationToken);

    /// <summary>The status of the device flow with this user code, or null when there is none.</summary>
    public virtual async Task<FlowStatus?> GetDeviceFlowStatusAsync(string userCode, CancellationToken cancellationToken) =>
        await Context.DeviceFlows.AsNoTracking().Where(f => f.UserCode == userCode)
            .Select(f => (FlowStatus?)f.Status).SingleOrDefaultAsync(cancellationToken);

    /// <summary>The device flow of a (clear) device code, locked until the transaction ends; null when unknown.</summary>
    public virtual async Task<DeviceFlow?> GetDeviceFlowForUpdateAsync(string deviceCode, CancellationToken cancellationToken)
    {
        var rows = await Context.DeviceFlows
            .FromSqlRaw(Sql($"SELECT * FROM {Table("DeviceFlows")} WHERE \"DeviceCode\" = {{0}} FOR UPDATE"), Hash(deviceCode))
            .AsNoTracking().ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <summary>Sets the status of the device flow of a (clear) device code.</summary>
    public virtual Task SetDeviceFlowStatusAsync(string deviceCode, FlowStatus status, CancellationToken cancellationToken)
    {
        var hash = Hash(deviceCode);
        return Context.DeviceFlows.Where(f => f.DeviceCode == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, status), cancellationToken);
    }

    /// <summary>Records a poll of the token endpoint for a (clear) device code.</summary>
    public virtual Task SetDeviceFlowPolledAsync(string deviceCode, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var hash = Hash(deviceCode);
        return Context.DeviceFlows.Where(f => f.DeviceCode == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.LastPollTime, at), cancellationToken);
    }

    /// <summary>
    /// Stores the IdP's ID-token claims on a pending, unexpired device flow and makes it READY.
    /// Returns false when no such flow exists (unknown, expired or already completed).
    /// </summary>
    public virtual async Task<bool> CompleteDeviceFlowAsync(string userCode, string idTokenJson, DateTimeOffset createdAfter,
        CancellationToken cancellationToken) =>
        await Context.DeviceFlows
            .Where(f => f.UserCode == userCode && f.Status == FlowStatus.Pending && f.CreationTime > createdAfter)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.IDToken, idTokenJson).SetProperty(f => f.Status, FlowStatus.Ready),
                cancellationToken) == 1;
}
