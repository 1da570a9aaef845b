using DiracX.Db.Infrastructure;
using NpgsqlTypes;

namespace DiracX.Db.TaskQueue;

/// <summary>DiracX's TaskQueueDB atomic methods over <see cref="TaskQueueDbContext"/>, bulk-first.</summary>
public class TaskQueueDb(TaskQueueDbContext context)
{
    /// <summary>The context this service works on.</summary>
    protected TaskQueueDbContext Context { get; } = context;

    /// <summary>Takes the jobs out of their task queues in one statement; returns how many queue entries went.</summary>
    public virtual async Task<int> RemoveJobsAsync(IReadOnlyCollection<long> jobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var connection = await NpgsqlSql.ConnectionAsync(Context, cancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(
            $"DELETE FROM {NpgsqlSql.Table(Context.Schema, "tq_Jobs")} WHERE \"JobId\" = ANY($1)", connection);
        command.Parameters.Add(NpgsqlSql.Array(jobIds.ToArray(), NpgsqlDbType.Bigint));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the jobs out of their task queues and deletes the queues this leaves empty, in one statement (DiracX's
    /// <c>remove_jobs_from_task_queue</c>; share priorities are not recalculated). Returns how many queues went.
    /// </summary>
    public virtual async Task<int> RemoveJobsAndEmptyQueuesAsync(IReadOnlyCollection<long> jobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        if (jobIds.Count == 0)
        {
            return 0;
        }
        var connection = await NpgsqlSql.ConnectionAsync(Context, cancellationToken);
        var jobs = NpgsqlSql.Table(Context.Schema, "tq_Jobs");
        // The CTE's deletions are invisible to the rest of the statement, hence the explicit exclusion of the ids.
        await using var command = new Npgsql.NpgsqlCommand(
            $"""
            WITH removed AS (DELETE FROM {jobs} WHERE "JobId" = ANY($1) RETURNING "TQId")
            DELETE FROM {NpgsqlSql.Table(Context.Schema, "tq_TaskQueues")} AS q
            WHERE q."TQId" IN (SELECT "TQId" FROM removed)
                AND NOT EXISTS (SELECT 1 FROM {jobs} AS j WHERE j."TQId" = q."TQId" AND j."JobId" <> ALL($1))
            """, connection);
        command.Parameters.Add(NpgsqlSql.Array(jobIds.ToArray(), NpgsqlDbType.Bigint));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
