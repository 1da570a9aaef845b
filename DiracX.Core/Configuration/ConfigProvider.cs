using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using DiracX.Core.Logging;
using DiracX.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace DiracX.Core.Configuration;

/// <summary>
/// Serves the last good configuration snapshot and keeps it fresh (DiracX <c>CacheableSource</c> with its
/// two-level cache). <see cref="RunAsync"/> polls the source every soft TTL; a failed poll (repository unreachable,
/// new commit invalid) is logged and counted and the previous snapshot stays. <see cref="Current"/> throws
/// <see cref="ConfigNotReadyException"/> (503, <c>Retry-After: 10</c>) before the first snapshot and once the hard
/// TTL has passed without a successful poll.
/// </summary>
public sealed partial class ConfigProvider : IDisposable
{
    /// <summary>
    /// The meter under which refresh failures (<c>diracx.config.refresh.failures</c>) and the configuration's age
    /// (<c>diracx.config.age</c>, seconds since the last successful refresh) are recorded: DiracX's own, exported by the
    /// service defaults.
    /// </summary>
    public const string MeterName = DiracXTelemetry.Name;

    // The providers alive in this process (one per host), observed by the age gauge.
    private static readonly ConcurrentDictionary<ConfigProvider, byte> s_live = new();
    private static readonly ObservableGauge<double> s_age = DiracXTelemetry.Meter.CreateObservableGauge(
        "diracx.config.age", ObserveAges, "s", "Seconds since the configuration was last refreshed successfully");

    /// <summary>What callers are told before the first snapshot (the cause is only logged).</summary>
    public const string NotLoadedYet = "Configuration not loaded yet";

    private readonly IConfigSource _source;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ConfigProvider> _logger;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile State? _state;
    private long _failedRefreshCount;
    private string? _lastError;

    /// <summary>Creates a provider; nothing is read until <see cref="RunAsync"/> or <see cref="RefreshAsync"/>.</summary>
    public ConfigProvider(IConfigSource source, TimeProvider timeProvider, ILogger<ConfigProvider> logger,
        ConfigProviderOptions? options = null)
    {
        _source = source;
        _timeProvider = timeProvider;
        _logger = logger;
        Options = options ?? new ConfigProviderOptions();
        s_live.TryAdd(this, 0);
        GC.KeepAlive(s_age);
    }

    /// <summary>The cache lifetimes.</summary>
    public ConfigProviderOptions Options { get; }

    /// <summary>How many refreshes have failed since start-up.</summary>
    public long FailedRefreshCount => Interlocked.Read(ref _failedRefreshCount);

    /// <summary>The message of the last failed refresh, if any, with credentials redacted (for operators, not callers).</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>The configuration to use for this request.</summary>
    /// <exception cref="ConfigNotReadyException">No snapshot yet, or the last successful refresh is older than the hard TTL.</exception>
    public ConfigSnapshot Current
    {
        get
        {
            // The caller may be anonymous: the reason (a git command line, a URL, git's stderr) stays in the logs.
            var state = _state ?? throw new ConfigNotReadyException(NotLoadedYet);
            if (_timeProvider.GetUtcNow() - state.RefreshedAt > Options.HardTtl)
            {
                throw new ConfigNotReadyException(
                    $"The configuration has not been refreshed for more than {Options.HardTtl}");
            }
            return state.Snapshot;
        }
    }

    /// <summary>The current snapshot, or false when <see cref="Current"/> would throw.</summary>
    public bool TryGetCurrent([NotNullWhen(true)] out ConfigSnapshot? snapshot)
    {
        try
        {
            snapshot = Current;
            return true;
        }
        catch (ConfigNotReadyException)
        {
            snapshot = null;
            return false;
        }
    }

    /// <summary>Waits for the first successful load (for consumers that read the configuration once at start).</summary>
    public async Task<ConfigSnapshot> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        await _firstLoad.Task.WaitAsync(cancellationToken);
        return Current;
    }

    /// <summary>Refreshes now, then every soft TTL until cancelled. Host it in a background service.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Options.SoftTtl, _timeProvider);
        do
        {
            await RefreshAsync(cancellationToken);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>Reads the source once; on failure keeps the previous snapshot.</summary>
    /// <returns>Whether the refresh succeeded.</returns>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            var snapshot = await _source.ReadAsync(cancellationToken);
            var previous = _state?.Snapshot.Revision;
            Volatile.Write(ref _lastError, null);
            _state = new State(snapshot, _timeProvider.GetUtcNow());
            if (previous != snapshot.Revision)
            {
                LogLoaded(snapshot.Revision, snapshot.Modified);
            }
            _firstLoad.TrySetResult();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Log each distinct failure once at error level; repeats every soft TTL would flood the logs.
            // A git error quotes its command line and URL, which may carry credentials: only the redacted text is kept.
            var message = SecretRedactor.Redact(e.Message);
            var repeated = LastError == message;
            // The error is published before the count so that a reader seeing the count also sees the error.
            Volatile.Write(ref _lastError, message);
            Interlocked.Increment(ref _failedRefreshCount);
            DiracXTelemetry.ConfigRefreshFailures.Add(1);
            if (repeated)
            {
                LogStillFailing(message);
            }
            else
            {
                LogRefreshFailed(_state?.Snapshot.Revision ?? "none", message);
            }
            return false;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        s_live.TryRemove(this, out _);
        _refreshLock.Dispose();
    }

    private static IEnumerable<Measurement<double>> ObserveAges()
    {
        foreach (var provider in s_live.Keys)
        {
            if (provider._state is { } state)
            {
                yield return new Measurement<double>((provider._timeProvider.GetUtcNow() - state.RefreshedAt).TotalSeconds);
            }
        }
    }

    private sealed record State(ConfigSnapshot Snapshot, DateTimeOffset RefreshedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded configuration revision {Revision} committed at {Modified}")]
    private partial void LogLoaded(string revision, DateTimeOffset modified);

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration refresh failed; still serving revision {Revision}: {Error}")]
    private partial void LogRefreshFailed(string revision, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Configuration refresh still failing: {Error}")]
    private partial void LogStillFailing(string error);
}
