using DiracX.Core.Settings;
using DiracX.Db.Sandboxes;

namespace DiracX.Logic.Sandboxes;

/// <summary>
/// DiracX's <c>clean_sandboxes</c> (the <c>CleanSandboxStoreTask</c>): deletes from the store, then from the database,
/// the sandboxes assigned to no job any more and the unassigned ones not used for <see cref="UnusedFor"/>.
/// </summary>
public static class SandboxCleanup
{
    /// <summary>How long an unassigned sandbox is kept after its last use (DiracX: 15 days).</summary>
    public static TimeSpan UnusedFor { get; } = TimeSpan.FromDays(15);

    /// <summary>
    /// Walks the candidates in SBId order, a batch of <see cref="SandboxStoreSettings.CleanBatchSize"/> at a time (one
    /// set-based statement, no locks; the memory held is one batch whatever the number of sandboxes), and deletes each
    /// batch in chunks of <see cref="SandboxStoreSettings.CleanDeleteChunkSize"/>, at most
    /// <see cref="SandboxStoreSettings.CleanMaxConcurrentDbDeletes"/> at once. Each chunk re-checks its sandboxes under
    /// row locks, deletes their objects with S3's bulk delete (retried), and deletes the rows of the objects that went:
    /// a sandbox whose object could not be deleted keeps its row and is tried again on the next run.
    /// Returns how many sandboxes were deleted.
    /// </summary>
    public static async Task<long> CleanAsync(SandboxMetadataDb db, ISandboxStore store, SandboxStoreSettings settings, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        var unusedBefore = time.GetUtcNow() - UnusedFor;
        long deleted = 0;
        long cursor = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.CleanMaxConcurrentDbDeletes, CancellationToken = cancellationToken };
        while (true)
        {
            var batch = await db.SelectCleanableAsync(settings.SeName, cursor, settings.CleanBatchSize, unusedBefore, cancellationToken);
            if (batch.Count == 0)
            {
                return deleted;
            }
            cursor = batch[^1].SBId;
            await Parallel.ForEachAsync(batch.Chunk(settings.CleanDeleteChunkSize), parallel, async (chunk, ct) =>
            {
                var count = await db.CleanChunkAsync([.. chunk.Select(c => c.SBId)], unusedBefore, async (locked, innerCt) =>
                {
                    var keyToPfn = locked.ToDictionary(l => SandboxPfn.ToKey(l.SEPFN), l => l.SEPFN, StringComparer.Ordinal);
                    var failed = await store.DeleteAsync([.. keyToPfn.Keys], innerCt);
                    return [.. failed.Select(k => keyToPfn[k])];
                }, ct);
                Interlocked.Add(ref deleted, count);
            });
            if (batch.Count < settings.CleanBatchSize)
            {
                return deleted;
            }
        }
    }
}
