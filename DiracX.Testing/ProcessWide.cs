namespace DiracX.Testing;

/// <summary>
/// One instance per test process, started on first use and disposed when the process exits. A start that failed is
/// retried by the next caller rather than cached.
/// </summary>
internal sealed class ProcessWide<T>(Func<CancellationToken, Task<T>> start) where T : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private Task<T>? _instance;

    public Task<T> GetAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_instance is null || _instance.IsFaulted || _instance.IsCanceled)
            {
                _instance = StartAsync();
            }
            return _instance.WaitAsync(cancellationToken);
        }
    }

    private async Task<T> StartAsync()
    {
        // Not the caller's token: the instance outlives the test that happened to start it.
        var instance = await start(CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => instance.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return instance;
    }
}
