using DiracX.Core.Models;
using DiracX.Db.JobLogging;
using DiracX.Core.Telemetry;

namespace DiracX.Logic.Jobs;

/// <summary>A job's status history as DiracX's <c>get_records</c> returns it (the <c>LoggingInfo</c> pseudo-parameter).</summary>
public static class StatusHistory
{
    /// <summary>The name of the search pseudo-parameter.</summary>
    public const string PseudoParameter = "LoggingInfo";

    /// <summary>
    /// Each job's records in order with <c>idem</c> replaced by the previous record's value; a first
    /// <c>idem</c> ApplicationStatus becomes <c>Unknown</c>. The records must be grouped by job, in history order.
    /// </summary>
    public static IReadOnlyDictionary<long, IReadOnlyList<JobStatusHistoryEntry>> Collapse(IEnumerable<StoredLoggingRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var result = new Dictionary<long, IReadOnlyList<JobStatusHistoryEntry>>();
        foreach (var job in records.GroupBy(r => r.JobID))
        {
            var entries = new List<JobStatusHistoryEntry>();
            foreach (var r in job)
            {
                var previous = entries.Count > 0 ? entries[^1] : null;
                entries.Add(new JobStatusHistoryEntry(
                    Carry(r.Status, previous?.Status),
                    Carry(r.MinorStatus, previous?.MinorStatus),
                    Carry(r.ApplicationStatus, previous?.ApplicationStatus ?? (previous is null ? "Unknown" : null)),
                    r.StatusTime, r.Source));
            }
            result[job.Key] = entries;
        }
        return result;
    }

    private static string Carry(string value, string? previous) =>
        value == JobStatusMinorStatuses.Idem && previous is not null ? previous : value;

    /// <summary>
    /// Adds <c>LoggingInfo</c> to each row of a search page (rows carry <c>JobID</c>), with one query for the page.
    /// Jobs without history get an empty list.
    /// </summary>
    public static async Task AddLoggingInfoAsync(IReadOnlyList<OrderedDictionary<string, object?>> rows, JobLoggingDb logging,
        CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.jobs.logging_info");
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(logging);
        var ids = rows.Select(r => Convert.ToInt64(r["JobID"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var history = Collapse(await logging.GetRecordsAsync(ids, cancellationToken));
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i][PseudoParameter] = history.TryGetValue(ids[i], out var entries) ? entries : [];
        }
    }
}
