using DiracX.Core.Telemetry;
namespace DiracX.Logic.Jobs;

/// <summary>DiracX's <c>remove_jobs</c>: deletes jobs from every WMS table (the logic of <c>POST /api/jobs/remove</c>).</summary>
public static class StatusRemoval
{
    /// <summary>
    /// Removes the jobs from the task queues (and queues left empty), their history, their sandbox mappings (the
    /// sandboxes left unmapped become unassigned, for the clean-up), and every JobDB table, with a
    /// fixed number of statements. Returns the ids that existed, in order.
    /// </summary>
    public static async Task<IReadOnlyList<long>> RemoveJobsAsync(IReadOnlyCollection<long> jobIds, StatusStores stores,
        CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.jobs.remove");
        ArgumentNullException.ThrowIfNull(jobIds);
        ArgumentNullException.ThrowIfNull(stores);
        var rows = await stores.Jobs.LockJobsAsync(jobIds, cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }
        var ids = rows.Select(r => r.JobID).ToList();
        await stores.TaskQueues.RemoveJobsAndEmptyQueuesAsync(ids, cancellationToken);
        await stores.Logging.DeleteRecordsAsync(ids, cancellationToken);
        await stores.Sandboxes.UnassignJobsAsync(ids, cancellationToken);
        await stores.Jobs.DeleteJobsAsync(ids, cancellationToken);
        return ids;
    }
}
