using DiracX.Db.Infrastructure;
using Npgsql;

namespace DiracX.Db.Jobs;

/// <summary>Who owns a set of jobs (the WMS access policy's one query).</summary>
public sealed record JobOwnership(string Owner, string VO, long Count);

/// <summary>
/// The owner and VO a read of one job must match (a normal user reads only their own jobs): the read applies it in its
/// own statement instead of the access policy checking ownership in another.
/// </summary>
public sealed record JobOwnerScope(string Owner, string VO);

public partial class JobDb
{
    /// <summary>
    /// The owners of the given jobs with their counts, in one statement whatever the number of ids
    /// (DiracX's <c>summary(["Owner", "VO"], JobID in ids)</c>). Missing jobs are simply not counted.
    /// </summary>
    public virtual async Task<IReadOnlyList<JobOwnership>> GetOwnershipAsync(IReadOnlyCollection<long> jobIds, CancellationToken cancellationToken)
    {
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""SELECT "Owner", "VO", count(*) FROM {Table("Jobs")} WHERE "JobID" = ANY($1) GROUP BY "Owner", "VO" """, connection);
        command.Parameters.Add(NpgsqlSql.Array<long>([.. jobIds.Distinct()], NpgsqlTypes.NpgsqlDbType.Bigint));
        var result = new List<JobOwnership>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new JobOwnership(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }
        return result;
    }

    /// <summary>
    /// The owner and VO of one job, its row locked <c>FOR SHARE</c> until the transaction ends; null when the job does
    /// not exist. Something attached to the job in the same transaction (a sandbox mapping) then cannot outlive it: a
    /// removal, which locks the row <c>FOR UPDATE</c>, waits for this transaction and sees the attachment, and one that
    /// locked first has deleted the row when this statement returns.
    /// </summary>
    public virtual async Task<JobOwnerScope?> LockJobOwnerAsync(long jobId, CancellationToken cancellationToken)
    {
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""SELECT "Owner", "VO" FROM {Table("Jobs")} WHERE "JobID" = $1 FOR SHARE""", connection);
        command.Parameters.Add(NpgsqlSql.Value(jobId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new JobOwnerScope(reader.GetString(0), reader.GetString(1)) : null;
    }
}
