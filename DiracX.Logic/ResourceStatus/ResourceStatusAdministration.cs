using DiracX.Core.Errors;
using DiracX.Core.Models;
using DiracX.Core.Telemetry;
using DiracX.Db.ResourceStatus;

namespace DiracX.Logic.ResourceStatus;

/// <summary>
/// How operators set statuses (ours: DiracX only reads the tables that legacy DIRAC's RSS fills): through the admin
/// route, the local stack's seed, or any host calling <see cref="SetStatusesAsync"/>. The rows become effective now,
/// each change is logged, and the shared snapshot is dropped once they are committed so the next read sees them (other replicas within the
/// snapshot's soft TTL of 5 seconds).
/// </summary>
public static class ResourceStatusAdministration
{
    private static readonly HashSet<string> s_elementTypes = new(StringComparer.Ordinal)
    {
        ResourceStatusQueries.Site, ResourceStatusQueries.StorageElement, ResourceStatusQueries.ComputeElement, ResourceStatusQueries.Fts,
    };

    // The statuses of DIRAC's resource status machine: what the reading side maps to allowed or banned.
    private static readonly string[] s_statuses = ["Active", "Degraded", "Probing", "Banned", "Error", "Unknown"];

    /// <summary>Sets the statuses, in a fixed number of statements whatever their number.</summary>
    /// <exception cref="DiracException">400 naming the first entry that is not valid (nothing is changed).</exception>
    public static async Task SetStatusesAsync(IReadOnlyList<ResourceStatusEntry> entries, ResourceStatusDb db, IResourceStatusSnapshotStore store,
        TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        using var activity = DiracXTelemetry.Start("diracx.rss.set");
        for (var i = 0; i < entries.Count; i++)
        {
            Check(i, entries[i]);
        }
        var duplicate = entries.GroupBy(e => (e.ElementType == ResourceStatusQueries.Site, e.Name, e.StatusType, e.Vo)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DiracException($"Status of {duplicate.Key.Name} ({duplicate.Key.StatusType}, VO {duplicate.Key.Vo}) given twice");
        }
        await db.SetStatusesAsync(entries, time.GetUtcNow(), cancellationToken);
        // Dropped once the statuses are committed: dropped before, a read in between (on any replica) would build the
        // snapshot from the old rows and share it for its whole TTL.
        await db.WhenCommittedAsync(store.InvalidateAsync, cancellationToken);
    }

    private static void Check(int index, ResourceStatusEntry entry)
    {
        string? problem = entry switch
        {
            _ when !s_elementTypes.Contains(entry.ElementType) => $"element_type must be one of {string.Join(", ", s_elementTypes)}",
            { ElementType: ResourceStatusQueries.StorageElement } when !ResourceStatusQueries.StorageAccesses.Contains(entry.StatusType) =>
                $"the status_type of a storage element must be one of {string.Join(", ", ResourceStatusQueries.StorageAccesses)}",
            { ElementType: not ResourceStatusQueries.StorageElement } when entry.StatusType != ResourceStatusQueries.AllVos =>
                "the status_type of a site, computing element or FTS server must be 'all'",
            { Name.Length: 0 or > 64 } => "name must have 1 to 64 characters",
            { Vo.Length: 0 or > 64 } => "vo must have 1 to 64 characters",
            _ when !s_statuses.Contains(entry.Status, StringComparer.Ordinal) => $"status must be one of {string.Join(", ", s_statuses)}",
            { Reason.Length: > 512 } => "reason must have at most 512 characters",
            _ => null,
        };
        if (problem is not null)
        {
            throw new DiracException($"Invalid status at index {index}: {problem}");
        }
    }
}
