using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DiracX.Db.ResourceStatus;

/// <summary>
/// The snapshot shared by every replica through Redis, so that all of them answer with the same revision (ETag): the
/// current revision is a key that lives for the soft TTL, and each revision's rows another key that lives for the
/// hard TTL. A request reads the revision (one small GET) and reuses this process's copy when it matches; when the
/// revision key has expired, the first replica to reload the database publishes its snapshot (SET NX) and the others
/// adopt it. While Redis is not connected, or when a command fails, this process keeps its own snapshot
/// (<see cref="InProcessResourceStatusSnapshotStore"/>) and the multiplexer keeps reconnecting.
/// </summary>
public sealed partial class RedisResourceStatusSnapshotStore(IConnectionMultiplexer redis, InProcessResourceStatusSnapshotStore fallback,
    ILogger<RedisResourceStatusSnapshotStore> logger) : IResourceStatusSnapshotStore
{
    /// <summary>The key holding the current revision.</summary>
    public const string RevisionKey = "diracx:rss:revision";

    private ResourceStatusSnapshot? _local;

    /// <summary>The key holding a revision's rows.</summary>
    public static string SnapshotKey(string revision) => $"diracx:rss:snapshot:{revision}";

    /// <inheritdoc />
    public async Task<ResourceStatusSnapshot> GetAsync(Func<CancellationToken, Task<IReadOnlyList<ResourceStatusRecord>>> load,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (redis.IsConnected)
        {
            try
            {
                return await GetSharedAsync(load, cancellationToken);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogRedisFailed(logger, e);
            }
        }
        return await fallback.GetAsync(load, cancellationToken);
    }

    private async Task<ResourceStatusSnapshot> GetSharedAsync(Func<CancellationToken, Task<IReadOnlyList<ResourceStatusRecord>>> load,
        CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var revision = (string?)await db.StringGetAsync(RevisionKey).WaitAsync(cancellationToken);
        if (revision is not null && await ReadAsync(db, revision, cancellationToken) is { } shared)
        {
            return shared;
        }
        var snapshot = ResourceStatusSnapshot.Of(await load(cancellationToken));
        await db.StringSetAsync(SnapshotKey(snapshot.Revision), JsonSerializer.SerializeToUtf8Bytes(snapshot.Rows),
            InProcessResourceStatusSnapshotStore.HardTtl).WaitAsync(cancellationToken);
        if (!await db.StringSetAsync(RevisionKey, snapshot.Revision, InProcessResourceStatusSnapshotStore.SoftTtl, When.NotExists).WaitAsync(cancellationToken))
        {
            // Another replica published first: answer with its revision, as every replica will.
            var winner = (string?)await db.StringGetAsync(RevisionKey).WaitAsync(cancellationToken);
            if (winner is not null && winner != snapshot.Revision && await ReadAsync(db, winner, cancellationToken) is { } theirs)
            {
                return theirs;
            }
        }
        Keep(snapshot);
        return snapshot;
    }

    private async Task<ResourceStatusSnapshot?> ReadAsync(IDatabase db, string revision, CancellationToken cancellationToken)
    {
        if (_local is { } local && local.Revision == revision)
        {
            return local;
        }
        var json = (byte[]?)await db.StringGetAsync(SnapshotKey(revision)).WaitAsync(cancellationToken);
        if (json is null)
        {
            return null;
        }
        var snapshot = new ResourceStatusSnapshot(revision, JsonSerializer.Deserialize<List<ResourceStatusRecord>>(json) ?? []);
        Keep(snapshot);
        return snapshot;
    }

    // The copy this process answers from, and its fallback should Redis go away.
    private void Keep(ResourceStatusSnapshot snapshot)
    {
        _local = snapshot;
        fallback.Remember(snapshot);
    }

    /// <inheritdoc />
    public async Task InvalidateAsync(CancellationToken cancellationToken)
    {
        await fallback.InvalidateAsync(cancellationToken);
        _local = null;
        if (!redis.IsConnected)
        {
            return;
        }
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(RevisionKey).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogRedisFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is not usable for the resource status snapshot; serving this process's own")]
    private static partial void LogRedisFailed(ILogger logger, Exception exception);
}
