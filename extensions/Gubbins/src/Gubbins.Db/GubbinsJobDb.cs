using DiracX.Db.Infrastructure;
using DiracX.Db.Jobs;
using Gubbins.Core;
using Npgsql;

namespace Gubbins.Db;

/// <summary>
/// DiracX's JobDb as Gubbins extends it (DiracX's gubbins <c>GubbinsJobDB</c>): every job inserted also gets a
/// <c>GubbinsInfo</c> row, in the same transaction. Registered for <see cref="JobDb"/>, so that DiracX's own job
/// routes (submission) receive this class.
/// </summary>
public class GubbinsJobDb(DbConnections connections) : JobDb(connections)
{
    /// <summary>The info written for a new job.</summary>
    public static string InfoFor(NewJob job) => $"gubbins saw {job.Owner}'s job";

    /// <inheritdoc />
    public override async Task InsertJobsAsync(IReadOnlyList<NewJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        await base.InsertJobsAsync(jobs, cancellationToken);
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"INSERT INTO \"{GubbinsDbNames.GubbinsJobDbSchema}\".\"GubbinsInfo\" (\"JobID\", \"Info\") SELECT * FROM unnest($1, $2)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jobs.Select(j => j.JobID).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = jobs.Select(InfoFor).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The info of a job, or null (gubbins' <c>get_job_jdls(with_info=True)</c> in spirit).</summary>
    public virtual async Task<string?> GetGubbinsInfoAsync(long jobId, CancellationToken cancellationToken)
    {
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT \"Info\" FROM \"{GubbinsDbNames.GubbinsJobDbSchema}\".\"GubbinsInfo\" WHERE \"JobID\" = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
