using System.Collections.Concurrent;

namespace DiracX.Db.Counters;

/// <summary>Attempt counts held by this process only: the store without Redis, and the fallback when Redis fails.</summary>
public sealed class InProcessAttemptCounterStore(TimeProvider time) : IAttemptCounterStore
{
    private readonly ConcurrentDictionary<string, (long Count, DateTimeOffset Start)> _counts = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<AttemptWindow> GetAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return Task.FromResult(_counts.TryGetValue(key, out var entry) && now - entry.Start < window
            ? new AttemptWindow(entry.Count, entry.Start + window - now)
            : new AttemptWindow(0, window));
    }

    /// <inheritdoc />
    public Task IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _counts.AddOrUpdate(key, _ => (1, now), (_, e) => now - e.Start < window ? (e.Count + 1, e.Start) : (1, now));
        return Task.CompletedTask;
    }
}
