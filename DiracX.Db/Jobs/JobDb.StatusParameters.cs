using DiracX.Db.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace DiracX.Db.Jobs;

public partial class JobDb
{
    /// <summary>
    /// Merges JSON objects into the jobs' parameter documents (DiracX's JobParametersDB upsert, <c>doc_as_upsert</c>),
    /// in one statement: a key present in both keeps the new value. One document per job.
    /// </summary>
    public virtual async Task UpsertJobParametersAsync(IReadOnlyList<(long JobID, string Json)> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0)
        {
            return;
        }
        var connection = await NpgsqlSql.ConnectionAsync(Context, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {Table("JobParameters")} AS p ("JobID", "Parameters")
            SELECT id, doc::jsonb FROM unnest($1, $2) AS u(id, doc) ORDER BY id
            ON CONFLICT ("JobID") DO UPDATE SET "Parameters" = p."Parameters" || EXCLUDED."Parameters"
            """, connection);
        command.Parameters.Add(NpgsqlSql.Array(documents.Select(d => d.JobID).ToArray(), NpgsqlDbType.Bigint));
        command.Parameters.Add(NpgsqlSql.Array(documents.Select(d => d.Json).ToArray(), NpgsqlDbType.Text));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The job's parameter document as JSON text, or null when it has none.</summary>
    public virtual async Task<string?> GetJobParametersAsync(long jobId, CancellationToken cancellationToken)
    {
        var connection = await NpgsqlSql.ConnectionAsync(Context, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""SELECT "Parameters"::text FROM {Table("JobParameters")} WHERE "JobID" = $1""", connection);
        command.Parameters.Add(NpgsqlSql.Value(jobId));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Replaces the jobs' prepared JDLs, in one statement.</summary>
    public virtual async Task UpdateJobJdlsAsync(IReadOnlyDictionary<long, string> jdls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jdls);
        if (jdls.Count == 0)
        {
            return;
        }
        var connection = await NpgsqlSql.ConnectionAsync(Context, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE {Table("JobJDLs")} AS j SET "JDL" = u.jdl FROM unnest($1, $2) AS u(id, jdl)
            WHERE j."JobID" = u.id AND j."JobID" = ANY($1)
            """, connection);
        command.Parameters.Add(NpgsqlSql.Array(jdls.Keys.ToArray(), NpgsqlDbType.Bigint));
        command.Parameters.Add(NpgsqlSql.Array(jdls.Values.Select(JdlCompression.Compress).ToArray(), NpgsqlDbType.Bytea));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the jobs from every JobDB table in one statement: deleting the <c>JobJDLs</c> row cascades to
    /// <c>Jobs</c>, and from there to <c>InputData</c>, <c>JobCommands</c>, <c>HeartBeatLoggingInfo</c> and
    /// <c>JobParameters</c>. Returns how many jobs went.
    /// </summary>
    public virtual async Task<int> DeleteJobsAsync(IReadOnlyCollection<long> jobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var connection = await NpgsqlSql.ConnectionAsync(Context, cancellationToken);
        await using var command = new NpgsqlCommand($"""DELETE FROM {Table("JobJDLs")} WHERE "JobID" = ANY($1)""", connection);
        command.Parameters.Add(NpgsqlSql.Array<long>([.. jobIds.Distinct()], NpgsqlDbType.Bigint));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
