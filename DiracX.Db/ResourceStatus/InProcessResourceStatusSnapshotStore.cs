namespace DiracX.Db.ResourceStatus;

/// <summary>
/// The snapshot held by this process only: the store without Redis, and the fallback when Redis fails. It is reloaded
/// once older than <see cref="SoftTtl"/>; when the reload fails, the old one is served until <see cref="HardTtl"/>.
/// </summary>
public sealed class InProcessResourceStatusSnapshotStore(TimeProvider time) : IResourceStatusSnapshotStore, IDisposable
{
    /// <summary>Age after which the snapshot is reloaded (DiracX: 5 s).</summary>
    public static readonly TimeSpan SoftTtl = TimeSpan.FromSeconds(5);

    /// <summary>Age after which a snapshot that cannot be reloaded is no longer served (DiracX: 1 h).</summary>
    public static readonly TimeSpan HardTtl = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private (ResourceStatusSnapshot Snapshot, DateTimeOffset LoadedAt, bool Stale)? _current;

    /// <inheritdoc />
    public async Task<ResourceStatusSnapshot> GetAsync(Func<CancellationToken, Task<IReadOnlyList<ResourceStatusRecord>>> load,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (Fresh() is { } fresh)
        {
            return fresh;
        }
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } loaded)
            {
                return loaded;
            }
            try
            {
                var snapshot = ResourceStatusSnapshot.Of(await load(cancellationToken));
                _current = (snapshot, time.GetUtcNow(), false);
                return snapshot;
            }
            catch (Exception) when (_current is { } old && time.GetUtcNow() - old.LoadedAt < HardTtl && !cancellationToken.IsCancellationRequested)
            {
                return old.Snapshot;
            }
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Keeps a snapshot that came from elsewhere (Redis) as this process's own.</summary>
    public void Remember(ResourceStatusSnapshot snapshot) => _current = (snapshot, time.GetUtcNow(), false);

    /// <inheritdoc />
    public Task InvalidateAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current)
        {
            _current = current with { Stale = true };
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => _loading.Dispose();

    private ResourceStatusSnapshot? Fresh() =>
        _current is { Stale: false } c && time.GetUtcNow() - c.LoadedAt < SoftTtl ? c.Snapshot : null;
}
