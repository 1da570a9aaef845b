using DiracX.Core.Models;
using DiracX.Core.Telemetry;
using DiracX.Db.ResourceStatus;

namespace DiracX.Logic.ResourceStatus;

/// <summary>A caller's view of one kind of resource, with what the caching headers need.</summary>
/// <typeparam name="T">The status shape of the kind.</typeparam>
/// <param name="Statuses">Name to status: the entries for every VO overlaid with the caller's VO's.</param>
/// <param name="Revision">DiracX's revision of the kind's rows (the same on every replica for the same rows).</param>
/// <param name="Modified">The latest DateEffective of the kind's rows (1970-01-01 when there is none).</param>
public sealed record ResourceStatusView<T>(IReadOnlyDictionary<string, T> Statuses, string Revision, DateTimeOffset Modified);

/// <summary>
/// DiracX's RSS queries (<c>logic/rss/query.py</c>) over the shared snapshot of ResourceStatusDB: storage elements
/// (their four accesses; one missing any of them is skipped), computing elements, sites and FTS servers, each as the
/// entries of VO <c>all</c> overlaid by those of the caller's VO, statuses mapped as DiracX maps them.
/// </summary>
public static class ResourceStatusQueries
{
    /// <summary>The VO of rows that apply to every VO.</summary>
    public const string AllVos = "all";

    /// <summary>The element types.</summary>
    public const string StorageElement = "StorageElement", ComputeElement = "ComputeElement", Fts = "FTS", Site = ResourceStatusDb.SiteElementType;

    /// <summary>The four accesses of a storage element, as status types.</summary>
    public static IReadOnlyList<string> StorageAccesses { get; } = ["ReadAccess", "WriteAccess", "CheckAccess", "RemoveAccess"];

    /// <summary>The storage elements.</summary>
    public static Task<ResourceStatusView<StorageElementStatus>> GetStorageStatusesAsync(IResourceStatusSnapshotStore store, ResourceStatusDb db,
        string vo, CancellationToken cancellationToken) =>
        ViewAsync(store, db, vo, StorageElement, rows =>
        {
            var byType = rows.ToDictionary(r => r.StatusType, StringComparer.Ordinal);
            return StorageAccesses.All(byType.ContainsKey)
                ? new StorageElementStatus(Map(byType["ReadAccess"]), Map(byType["WriteAccess"]), Map(byType["CheckAccess"]), Map(byType["RemoveAccess"]))
                : null;
        }, cancellationToken);

    /// <summary>The computing elements.</summary>
    public static Task<ResourceStatusView<OverallStatus>> GetComputeStatusesAsync(IResourceStatusSnapshotStore store, ResourceStatusDb db,
        string vo, CancellationToken cancellationToken) => ViewAsync(store, db, vo, ComputeElement, Overall, cancellationToken);

    /// <summary>The sites.</summary>
    public static Task<ResourceStatusView<OverallStatus>> GetSiteStatusesAsync(IResourceStatusSnapshotStore store, ResourceStatusDb db,
        string vo, CancellationToken cancellationToken) => ViewAsync(store, db, vo, Site, Overall, cancellationToken);

    /// <summary>The FTS servers.</summary>
    public static Task<ResourceStatusView<OverallStatus>> GetFtsStatusesAsync(IResourceStatusSnapshotStore store, ResourceStatusDb db,
        string vo, CancellationToken cancellationToken) => ViewAsync(store, db, vo, Fts, Overall, cancellationToken);

    private static OverallStatus? Overall(IReadOnlyList<ResourceStatusRecord> rows) =>
        rows.FirstOrDefault(r => r.StatusType == AllVos) is { } all ? new OverallStatus(Map(all)) : null;

    private static ResourceAccessStatus Map(ResourceStatusRecord row) => ResourceAccessStatus.Map(row.Status, row.Reason);

    private static async Task<ResourceStatusView<T>> ViewAsync<T>(IResourceStatusSnapshotStore store, ResourceStatusDb db, string vo,
        string elementType, Func<IReadOnlyList<ResourceStatusRecord>, T?> build, CancellationToken cancellationToken) where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(db);
        using var activity = DiracXTelemetry.Start("diracx.rss.view");
        var snapshot = await store.GetAsync(db.ReadAllAsync, cancellationToken);
        var rows = snapshot.Rows.Where(r => r.ElementType == elementType).ToList();
        var view = new SortedDictionary<string, T>(StringComparer.Ordinal);
        // Every VO's entries first, then the caller's VO's replace them (DiracX's {**all, **vo}).
        foreach (var scope in vo == AllVos ? [AllVos] : new[] { AllVos, vo })
        {
            foreach (var element in rows.Where(r => r.VO == scope).GroupBy(r => r.Name, StringComparer.Ordinal))
            {
                if (build([.. element]) is { } status)
                {
                    view[element.Key] = status;
                }
            }
        }
        return new ResourceStatusView<T>(view, ResourceStatusSnapshot.RevisionOf(rows), ResourceStatusSnapshot.LastModifiedOf(rows));
    }
}
