using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DiracX.Db.Counters;

/// <summary>
/// Attempt counts in Redis, shared by every replica. While Redis is not connected, or when a command fails, this
/// process counts on its own (a degraded but still bounded limit) and the multiplexer keeps reconnecting.
/// </summary>
public sealed partial class RedisAttemptCounterStore(IConnectionMultiplexer redis, InProcessAttemptCounterStore fallback,
    ILogger<RedisAttemptCounterStore> logger) : IAttemptCounterStore
{
    // INCR and set the window's expiry on the first attempt, atomically.
    private const string IncrementScript =
        "local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return c";

    /// <inheritdoc />
    public async Task<AttemptWindow> GetAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        if (redis.IsConnected)
        {
            try
            {
                var db = redis.GetDatabase();
                var count = db.StringGetAsync(key);
                var ttl = db.KeyTimeToLiveAsync(key);
                await Task.WhenAll(count, ttl).WaitAsync(cancellationToken);
                return new AttemptWindow((long?)count.Result ?? 0, ttl.Result ?? window);
            }
            catch (RedisException e)
            {
                LogRedisFailed(logger, e);
            }
        }
        return await fallback.GetAsync(key, window, cancellationToken);
    }

    /// <inheritdoc />
    public async Task IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        if (redis.IsConnected)
        {
            try
            {
                await redis.GetDatabase().ScriptEvaluateAsync(IncrementScript, [key], [(long)window.TotalMilliseconds]).WaitAsync(cancellationToken);
                return;
            }
            catch (RedisException e)
            {
                LogRedisFailed(logger, e);
            }
        }
        await fallback.IncrementAsync(key, window, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is not usable for attempt counting; counting in this process")]
    private static partial void LogRedisFailed(ILogger logger, Exception exception);
}
