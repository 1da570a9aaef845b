using DiracX.Db.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using StackExchange.Redis;

namespace DiracX.Db.Tasks;

/// <summary>
/// Locks and limits that hold across the processes of DiracX.Tasks: a mutex (per task, or per object such as a job),
/// a concurrency limit and a rate limit. Redis when the host has one, PostgreSQL (advisory locks on TaskDB) otherwise.
/// </summary>
public interface ITaskLockStore
{
    /// <summary>Takes the mutex <paramref name="key"/>; null when another run holds it. Dispose to release.</summary>
    Task<IAsyncDisposable?> TryAcquireMutexAsync(string key, CancellationToken cancellationToken);

    /// <summary>Takes one of <paramref name="limit"/> places of <paramref name="key"/>; null when all are taken.</summary>
    Task<IAsyncDisposable?> TryAcquireConcurrencyAsync(string key, int limit, CancellationToken cancellationToken);

    /// <summary>Counts one start of <paramref name="key"/> in the current window; false when the window's limit is reached.</summary>
    Task<bool> TryTakeRateAsync(string key, int limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// PostgreSQL session advisory locks on a connection of their own, held while the run lasts: a crashed worker's
/// locks go with its connection. Rate windows are rows of <c>taskdb.task_rate_windows</c>.
/// </summary>
public sealed class PostgresTaskLockStore(DbConnectionStringMap connectionStrings) : ITaskLockStore
{
    private string ConnectionString => DbConnectionStrings.OwnSession(connectionStrings.For(DbNames.TaskDb)
        ?? throw new InvalidOperationException("The database taskdb has no connection string (ConnectionStrings:taskdb or DIRACX_DB_URL_TASKDB)."));

    /// <inheritdoc />
    public Task<IAsyncDisposable?> TryAcquireMutexAsync(string key, CancellationToken cancellationToken) =>
        TryAcquireAnyAsync([key], cancellationToken);

    /// <inheritdoc />
    public Task<IAsyncDisposable?> TryAcquireConcurrencyAsync(string key, int limit, CancellationToken cancellationToken) =>
        TryAcquireAnyAsync([.. Enumerable.Range(0, limit).Select(i => $"{key}#{i}")], cancellationToken);

    /// <inheritdoc />
    public async Task<bool> TryTakeRateAsync(string key, int limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var start = now.ToUnixTimeSeconds() / (long)window.TotalSeconds * (long)window.TotalSeconds;
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {NpgsqlSql.Table(DbNames.TaskDb, "task_rate_windows")} AS w (key, window_start, count) VALUES ($1, $2, 1)
            ON CONFLICT (key, window_start) DO UPDATE SET count = w.count + 1 WHERE w.count < $3 RETURNING count
            """, connection);
        command.Parameters.Add(NpgsqlSql.Value(key));
        command.Parameters.Add(NpgsqlSql.Value(start));
        command.Parameters.Add(NpgsqlSql.Value(limit));
        return await command.ExecuteScalarAsync(cancellationToken) is int;
    }

    private async Task<IAsyncDisposable?> TryAcquireAnyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var key in keys)
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", connection);
            command.Parameters.Add(NpgsqlSql.Value(key));
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                // Held until disposed (which unlocks); a crashed worker's lock goes with its session.
                return new Held(connection, key);
            }
        }
        await connection.DisposeAsync();
        return null;
    }

    private sealed class Held(NpgsqlConnection connection, string key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended($1, 0))", connection);
                command.Parameters.Add(NpgsqlSql.Value(key));
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}

/// <summary>
/// Redis locks: a mutex is <c>SET NX PX</c> with an owner token (released only by its owner), renewed while held; a
/// concurrency limit is a sorted set of owners by expiry; a rate limit is a counter per window.
/// </summary>
public sealed class RedisTaskLockStore(IConnectionMultiplexer redis) : ITaskLockStore
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(30);

    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private const string RenewScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private const string ConcurrencyScript = """
        redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[1])
        if redis.call('zcard', KEYS[1]) < tonumber(ARGV[3]) then
          redis.call('zadd', KEYS[1], ARGV[2], ARGV[4]); redis.call('pexpire', KEYS[1], ARGV[5]); return 1
        end
        return 0
        """;

    /// <inheritdoc />
    public async Task<IAsyncDisposable?> TryAcquireMutexAsync(string key, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var redisKey = new RedisKey($"diracx:tasks:lock:mutex:{key}");
        var owner = Guid.NewGuid().ToString("N");
        if (!await db.StringSetAsync(redisKey, owner, s_ttl, When.NotExists))
        {
            return null;
        }
        return new Renewed(() => db.ScriptEvaluateAsync(RenewScript, [redisKey], [owner, (long)s_ttl.TotalMilliseconds]),
            () => db.ScriptEvaluateAsync(ReleaseScript, [redisKey], [owner]));
    }

    /// <inheritdoc />
    public async Task<IAsyncDisposable?> TryAcquireConcurrencyAsync(string key, int limit, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var redisKey = new RedisKey($"diracx:tasks:limiter:conc:{key}");
        var owner = Guid.NewGuid().ToString("N");
        Task<RedisResult> Take() => db.ScriptEvaluateAsync(ConcurrencyScript, [redisKey],
            [DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.Add(s_ttl).ToUnixTimeMilliseconds(), limit, owner, (long)s_ttl.TotalMilliseconds * 2]);
        if ((int)await Take() != 1)
        {
            return null;
        }
        return new Renewed(() => db.SortedSetAddAsync(redisKey, owner, DateTimeOffset.UtcNow.Add(s_ttl).ToUnixTimeMilliseconds()),
            () => db.SortedSetRemoveAsync(redisKey, owner));
    }

    /// <inheritdoc />
    public async Task<bool> TryTakeRateAsync(string key, int limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var slot = now.ToUnixTimeSeconds() / (long)window.TotalSeconds;
        var redisKey = new RedisKey($"diracx:tasks:limiter:rate:{key}:{slot}");
        var count = await db.StringIncrementAsync(redisKey);
        if (count == 1)
        {
            await db.KeyExpireAsync(redisKey, window * 2);
        }
        return count <= limit;
    }

    private sealed class Renewed : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;
        private readonly Func<Task> _release;

        public Renewed(Func<Task> renew, Func<Task> release)
        {
            _release = release;
            _renewal = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(s_ttl / 3);
                try
                {
                    while (await timer.WaitForNextTickAsync(_stop.Token))
                    {
                        await renew();
                    }
                }
                catch (OperationCanceledException)
                {
                    // released
                }
            });
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewal;
            _stop.Dispose();
            await _release();
        }
    }
}

/// <summary>Registers the <see cref="ITaskLockStore"/>.</summary>
public static class TaskLockStoreServiceCollectionExtensions
{
    /// <summary>Redis when the host registered an <see cref="IConnectionMultiplexer"/>, PostgreSQL otherwise.</summary>
    public static IServiceCollection AddTaskLockStore(this IServiceCollection services)
    {
        services.TryAddSingleton<ITaskLockStore>(sp => sp.GetService<IConnectionMultiplexer>() is { } redis
            ? new RedisTaskLockStore(redis)
            : new PostgresTaskLockStore(sp.GetRequiredService<DbConnectionStringMap>()));
        return services;
    }
}
