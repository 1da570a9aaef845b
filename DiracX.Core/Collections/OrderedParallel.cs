using System.Runtime.ExceptionServices;

namespace DiracX.Core.Collections;

/// <summary>
/// Maps a list on every core when it is large, keeping the order of the input; small lists stay on the calling thread
/// (a request of a few jobs must not pay for scheduling). Exceptions behave as in a sequential loop: the one of the
/// lowest index is rethrown as itself (not wrapped in an <see cref="AggregateException"/>).
/// </summary>
public static class OrderedParallel
{
    /// <summary>Below this many items the map runs sequentially.</summary>
    public const int DefaultThreshold = 256;

    /// <summary>Maps <paramref name="items"/> with <paramref name="map"/>, results in input order.</summary>
    public static TResult[] Map<TSource, TResult>(IReadOnlyList<TSource> items, Func<TSource, int, TResult> map, int threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(map);
        var results = new TResult[items.Count];
        if (items.Count < threshold || Environment.ProcessorCount < 2)
        {
            for (var i = 0; i < items.Count; i++)
            {
                results[i] = map(items[i], i);
            }
            return results;
        }
        // Chunks of consecutive items: few delegates, good locality, and the lowest failing index is known per chunk.
        var chunk = Math.Max(64, items.Count / (Environment.ProcessorCount * 4));
        var chunks = (items.Count + chunk - 1) / chunk;
        var failures = new Exception?[chunks];
        Parallel.For(0, chunks, c =>
        {
            var end = Math.Min(items.Count, (c + 1) * chunk);
            for (var i = c * chunk; i < end; i++)
            {
                try
                {
                    results[i] = map(items[i], i);
                }
                catch (Exception e)
                {
                    failures[c] = e;
                    return;
                }
            }
        });
        foreach (var failure in failures)
        {
            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }
        return results;
    }
}
