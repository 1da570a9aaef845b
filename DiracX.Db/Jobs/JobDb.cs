using DiracX.Db.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace DiracX.Db.Jobs;

/// <summary>
/// DiracX's JobDB "atomic methods": thin, bulk-first operations over <see cref="JobDbContext"/>. Each method issues a
/// fixed number of statements whatever the number of jobs, on the context's connection and transaction.
/// </summary>
public partial class JobDb(JobDbContext context)
{
    /// <summary>The context this service works on.</summary>
    protected JobDbContext Context { get; } = context;

    private string Table(string name) => NpgsqlSql.Table(Context.Schema, name);

    /// <summary>
    /// Draws <paramref name="count"/> new JobIDs from the <c>JobJDLs</c> identity sequence in one statement, in
    /// increasing order. IDs of a rolled-back transaction are not reused (as with DiracX's auto-increment).
    /// </summary>
    public virtual async Task<IReadOnlyList<long>> ReserveJobIdsAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return [];
        }
        var connection = await NpgsqlSql.ConnectionAsync(Context, cancellationToken);
        var sequence = $"pg_get_serial_sequence('{Table("JobJDLs").Replace("'", "''", StringComparison.Ordinal)}', 'JobID')";
        await using var command = new NpgsqlCommand($"SELECT nextval({sequence}) AS id FROM generate_series(1, $1) ORDER BY id", connection);
        command.Parameters.Add(NpgsqlSql.Value(count));
        var ids = new List<long>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }
        return ids;
    }

    /// <summary>
    /// Inserts the jobs' <c>JobJDLs</c>, <c>Jobs</c> and <c>InputData</c> rows: one <c>INSERT ... SELECT FROM unnest</c>
    /// per table, sent together in one round trip.
    /// </summary>
    public virtual async Task InsertJobsAsync(IReadOnlyList<NewJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (jobs.Count == 0)
        {
            return;
        }
        var connection = await NpgsqlSql.ConnectionAsync(Context, cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var ids = jobs.Select(j => j.JobID).ToArray();
        batch.BatchCommands.Add(NpgsqlSql.Command(
            $"""
            INSERT INTO {Table("JobJDLs")} ("JobID", "JDL", "JobRequirements", "OriginalJDL")
            SELECT u.id, u.jdl, '\x'::bytea, u.original FROM unnest($1, $2, $3) AS u(id, jdl, original)
            """,
            NpgsqlSql.Array(ids, NpgsqlDbType.Bigint),
            NpgsqlSql.Array(jobs.Select(j => JdlCompression.Compress(j.Jdl)).ToArray(), NpgsqlDbType.Bytea),
            NpgsqlSql.Array(jobs.Select(j => JdlCompression.Compress(j.OriginalJdl)).ToArray(), NpgsqlDbType.Bytea)));
        batch.BatchCommands.Add(JobsInsert(jobs, ids));
        var inputData = jobs.SelectMany(j => j.InputData.Distinct(StringComparer.Ordinal).Select(lfn => (j.JobID, Lfn: lfn))).ToList();
        if (inputData.Count > 0)
        {
            batch.BatchCommands.Add(NpgsqlSql.Command(
                $"""
                INSERT INTO {Table("InputData")} ("JobID", "LFN", "Status")
                SELECT u.id, u.lfn, '{JobDefaults.InputDataStatus}' FROM unnest($1, $2) AS u(id, lfn)
                """,
                NpgsqlSql.Array(inputData.Select(i => i.JobID).ToArray(), NpgsqlDbType.Bigint),
                NpgsqlSql.Array(inputData.Select(i => i.Lfn).ToArray(), NpgsqlDbType.Text)));
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlBatchCommand JobsInsert(IReadOnlyList<NewJob> jobs, long[] ids) => NpgsqlSql.Command(
        $"""
        INSERT INTO {Table("Jobs")} ("JobID", "JobType", "JobGroup", "Site", "JobName", "Owner", "OwnerGroup", "VO",
            "SubmissionTime", "LastUpdateTime", "Status", "MinorStatus", "ApplicationStatus", "UserPriority",
            "RescheduleCounter", "VerifiedFlag", "AccountedFlag")
        SELECT u.id, u.type, u.grp, u.site, u.name, u.owner, u.owner_group, u.vo, u.t, u.t, u.status, u.minor,
            '{JobDefaults.Unknown}', u.priority, 0, u.verified, '{nameof(JobAccountedFlag.False)}'
        FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            AS u(id, type, grp, site, name, owner, owner_group, vo, t, status, minor, priority, verified)
        """,
        NpgsqlSql.Array(ids, NpgsqlDbType.Bigint),
        Texts(jobs, j => j.JobType ?? JobDefaults.JobType),
        Texts(jobs, j => j.JobGroup ?? JobDefaults.JobGroup),
        Texts(jobs, j => j.Site ?? JobDefaults.Site),
        Texts(jobs, j => j.JobName ?? JobDefaults.Unknown),
        Texts(jobs, j => j.Owner),
        Texts(jobs, j => j.OwnerGroup),
        Texts(jobs, j => j.VO),
        NpgsqlSql.Array(jobs.Select(j => j.SubmissionTime.ToUniversalTime()).ToArray(), NpgsqlDbType.TimestampTz),
        Texts(jobs, j => j.Status),
        Texts(jobs, j => j.MinorStatus),
        NpgsqlSql.Array(jobs.Select(j => j.UserPriority).ToArray(), NpgsqlDbType.Integer),
        NpgsqlSql.Array(jobs.Select(j => j.VerifiedFlag).ToArray(), NpgsqlDbType.Boolean));

    private static NpgsqlParameter Texts(IReadOnlyList<NewJob> jobs, Func<NewJob, string> selector) =>
        NpgsqlSql.Array(jobs.Select(selector).ToArray(), NpgsqlDbType.Text);

    /// <summary>The prepared (or, with <paramref name="original"/>, the submitted) JDLs of the jobs that have one.</summary>
    public virtual async Task<IReadOnlyDictionary<long, string>> GetJobJdlsAsync(IReadOnlyCollection<long> jobIds, bool original,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var connection = await NpgsqlSql.ConnectionAsync(Context, cancellationToken);
        var column = original ? "\"OriginalJDL\"" : "\"JDL\"";
        await using var command = new NpgsqlCommand(
            $"SELECT \"JobID\", {column} FROM {Table("JobJDLs")} WHERE \"JobID\" = ANY($1) AND length({column}) > 0", connection);
        command.Parameters.Add(NpgsqlSql.Array(jobIds.ToArray(), NpgsqlDbType.Bigint));
        var jdls = new Dictionary<long, string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            jdls[reader.GetInt64(0)] = JdlCompression.Decompress(reader.GetFieldValue<byte[]>(1));
        }
        return jdls;
    }
}
