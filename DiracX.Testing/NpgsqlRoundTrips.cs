using System.Diagnostics;

namespace DiracX.Testing;

/// <summary>
/// Counts the commands and batches Npgsql sends to one database: Npgsql traces each as one activity (tagged with the
/// database name once it ends), so a batch of statements counts as one round trip.
/// </summary>
public static class NpgsqlRoundTrips
{
    /// <summary>How many round trips to <paramref name="database"/> happen while <paramref name="action"/> runs.</summary>
    public static async Task<int> CountAsync(string database, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var count = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("db.namespace"), database))
                {
                    Interlocked.Increment(ref count);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await action();
        return Volatile.Read(ref count);
    }
}
