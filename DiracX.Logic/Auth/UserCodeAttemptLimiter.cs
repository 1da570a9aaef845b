using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DiracX.Logic.Auth;

/// <summary>
/// Counts failed user-code entries per client address in a fixed window, so that user codes cannot be guessed. The
/// count lives in Redis when one is configured, so that every replica shares it; when Redis is not configured or not
/// reachable, each process counts on its own (a degraded but still bounded limit).
/// </summary>
public sealed partial class UserCodeAttemptLimiter : IAsyncDisposable
{
    // INCR and set the window's expiry on the first failure, atomically.
    private const string IncrementScript =
        "local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return c";

    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset Start)> _local = new(StringComparer.Ordinal);
    private readonly Task<ConnectionMultiplexer?> _redis;
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the limiter; <paramref name="redisConnectionString"/> null or empty counts in this process only.</summary>
    public UserCodeAttemptLimiter(string? redisConnectionString, AuthFlowSettings settings, TimeProvider time, ILogger<UserCodeAttemptLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _limit = settings.UserCodeAttemptLimit;
        _window = TimeSpan.FromSeconds(settings.UserCodeAttemptWindowSeconds);
        _time = time;
        _logger = logger;
        _redis = string.IsNullOrWhiteSpace(redisConnectionString) ? Task.FromResult<ConnectionMultiplexer?>(null) : ConnectAsync(redisConnectionString);
    }

    /// <summary>Throws when the address has used up its failed attempts in the current window.</summary>
    /// <exception cref="TooManyAttemptsException">The address must wait.</exception>
    public async Task ThrowIfBlockedAsync(string clientAddress, CancellationToken cancellationToken)
    {
        var key = Key(clientAddress);
        if (await RedisAsync() is { } db)
        {
            try
            {
                var count = (long?)await db.StringGetAsync(key).WaitAsync(cancellationToken);
                if (count >= _limit)
                {
                    var ttl = await db.KeyTimeToLiveAsync(key).WaitAsync(cancellationToken);
                    throw new TooManyAttemptsException(ttl ?? _window);
                }
                return;
            }
            catch (RedisException e)
            {
                LogRedisFailed(_logger, e);
            }
        }
        var now = _time.GetUtcNow();
        if (_local.TryGetValue(key, out var entry) && now - entry.Start < _window && entry.Count >= _limit)
        {
            throw new TooManyAttemptsException(entry.Start + _window - now);
        }
    }

    /// <summary>Counts one failed attempt of the address.</summary>
    public async Task RecordFailureAsync(string clientAddress, CancellationToken cancellationToken)
    {
        var key = Key(clientAddress);
        if (await RedisAsync() is { } db)
        {
            try
            {
                await db.ScriptEvaluateAsync(IncrementScript, [key], [(long)_window.TotalMilliseconds]).WaitAsync(cancellationToken);
                return;
            }
            catch (RedisException e)
            {
                LogRedisFailed(_logger, e);
            }
        }
        var now = _time.GetUtcNow();
        _local.AddOrUpdate(key, _ => (1, now), (_, e) => now - e.Start < _window ? (e.Count + 1, e.Start) : (1, now));
    }

    /// <summary>Whether counts are shared through Redis right now.</summary>
    public async Task<bool> IsSharedAsync() => await RedisAsync() is not null;

    private static string Key(string clientAddress) => $"diracx:auth:user-code-failures:{clientAddress}";

    private async Task<IDatabase?> RedisAsync()
    {
        var multiplexer = await _redis;
        return multiplexer is { IsConnected: true } ? multiplexer.GetDatabase() : null;
    }

    private async Task<ConnectionMultiplexer?> ConnectAsync(string connectionString)
    {
        try
        {
            var options = ConfigurationOptions.Parse(connectionString);
            // Keep reconnecting in the background; until then (or when Redis is down) this process counts alone.
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
            options.AsyncTimeout = Math.Min(options.AsyncTimeout, 2000);
            return await ConnectionMultiplexer.ConnectAsync(options);
        }
        catch (Exception e) when (e is RedisException or ArgumentException)
        {
            LogRedisFailed(_logger, e);
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (await _redis is { } multiplexer)
        {
            await multiplexer.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is not usable for the user-code attempt limit; counting in this process")]
    private static partial void LogRedisFailed(ILogger logger, Exception exception);
}
