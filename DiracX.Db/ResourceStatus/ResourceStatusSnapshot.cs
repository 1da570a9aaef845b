using System.Globalization;

namespace DiracX.Db.ResourceStatus;

/// <summary>
/// Every current status at one moment, with DiracX's revision: <c>&lt;latest DateEffective, ISO&gt;-&lt;row count&gt;</c>,
/// or <c>empty-0</c>. The revision depends only on the rows, so replicas holding the same rows agree on it.
/// </summary>
/// <param name="Revision">The revision.</param>
/// <param name="Rows">The rows.</param>
public sealed record ResourceStatusSnapshot(string Revision, IReadOnlyList<ResourceStatusRecord> Rows)
{
    /// <summary>The snapshot of the given rows.</summary>
    public static ResourceStatusSnapshot Of(IReadOnlyList<ResourceStatusRecord> rows) => new(RevisionOf(rows), rows);

    /// <summary>DiracX's revision of a set of rows.</summary>
    public static string RevisionOf(IReadOnlyCollection<ResourceStatusRecord> rows) =>
        rows.Count == 0 ? "empty-0" : string.Create(CultureInfo.InvariantCulture, $"{IsoFormat(LastModifiedOf(rows))}-{rows.Count}");

    /// <summary>The latest DateEffective of the rows, or 1970-01-01 when there is none.</summary>
    public static DateTimeOffset LastModifiedOf(IEnumerable<ResourceStatusRecord> rows) =>
        rows.Select(r => r.DateEffective ?? DateTimeOffset.UnixEpoch).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Max();

    // Python's datetime.isoformat() of a naive UTC time: microseconds only when there are some.
    private static string IsoFormat(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return utc.ToString(utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Where the routers keep the current statuses between requests (DiracX's per-process snapshot, soft TTL 5 s, hard TTL
/// 1 h). The loader reads the database; it is called only when the snapshot is missing or older than the soft TTL.
/// </summary>
public interface IResourceStatusSnapshotStore
{
    /// <summary>The current snapshot, loading it with <paramref name="load"/> when needed.</summary>
    Task<ResourceStatusSnapshot> GetAsync(Func<CancellationToken, Task<IReadOnlyList<ResourceStatusRecord>>> load, CancellationToken cancellationToken);

    /// <summary>Drops the snapshot, so the next request reads the database (after an operator sets statuses).</summary>
    Task InvalidateAsync(CancellationToken cancellationToken);
}
