namespace DiracX.Db.Counters;

/// <summary>The count of one key in its current fixed window, and the time left in that window.</summary>
/// <param name="Count">Attempts counted in the window; zero when no window is open.</param>
/// <param name="Remaining">Time until the window closes (the whole window when none is open).</param>
public readonly record struct AttemptWindow(long Count, TimeSpan Remaining);

/// <summary>
/// Counts attempts per key in fixed windows (a window opens with the key's first attempt and closes after its length).
/// Shared by every replica when backed by Redis; otherwise each process counts on its own.
/// </summary>
public interface IAttemptCounterStore
{
    /// <summary>The key's count in its current window.</summary>
    Task<AttemptWindow> GetAsync(string key, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Counts one attempt of the key, opening a window of length <paramref name="window"/> if none is open.</summary>
    Task IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken);
}
