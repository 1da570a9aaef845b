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
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
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

    /// <summary>
    /// The job's parameter document as JSON text (<c>{}</c> when it has none), in one statement. With
    /// <paramref name="owner"/>, null when no job of that owner and VO has the id (the caller may not read it).
    /// </summary>
    /// <remarks>
    /// The status part of the document (<c>JobID</c>, <c>timestamp</c>, <c>Status</c>, as DiracX upserts them with every
    /// status change) is kept on the job's row (<see cref="Job.ParameterStatus"/>) and merged in here: the document's
    /// <c>timestamp</c> is that of its latest write, whichever wrote last.
    /// </remarks>
    public virtual async Task<string?> GetJobParametersAsync(long jobId, JobOwnerScope? owner, CancellationToken cancellationToken)
    {
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        var document = $$"""
            SELECT (coalesce(p."Parameters", '{}') || CASE WHEN j."ParameterStatus" IS NULL THEN '{}'
                ELSE jsonb_build_object('JobID', j."JobID",
                    'timestamp', greatest(j."ParameterTimestamp"::numeric,
                        CASE WHEN jsonb_typeof(p."Parameters" -> 'timestamp') = 'number' THEN (p."Parameters" ->> 'timestamp')::numeric END),
                    'Status', j."ParameterStatus") END)::text
            FROM {{Table("Jobs")}} j LEFT JOIN {{Table("JobParameters")}} p ON p."JobID" = j."JobID"
            """;
        await using var command = owner is null
            ? new NpgsqlCommand($$"""SELECT coalesce(({{document}} WHERE j."JobID" = $1), '{}')""", connection)
            : new NpgsqlCommand($$"""{{document}} WHERE j."JobID" = $1 AND j."Owner" = $2 AND j."VO" = $3""", connection);
        command.Parameters.Add(NpgsqlSql.Value(jobId));
        if (owner is not null)
        {
            command.Parameters.Add(NpgsqlSql.Value(owner.Owner));
            command.Parameters.Add(NpgsqlSql.Value(owner.VO));
        }
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
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
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
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand($"""DELETE FROM {Table("JobJDLs")} WHERE "JobID" = ANY($1)""", connection);
        command.Parameters.Add(NpgsqlSql.Array<long>([.. jobIds.Distinct()], NpgsqlDbType.Bigint));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
