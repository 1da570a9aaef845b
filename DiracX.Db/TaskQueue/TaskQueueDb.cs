using DiracX.Db.Jobs;
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
}
