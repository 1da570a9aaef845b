using DiracX.Core.Models;
using DiracX.Db.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace DiracX.Db.JobLogging;

/// <summary>DiracX's JobLoggingDB atomic methods on the <c>JobLoggingDb</c> schema, in raw Npgsql, bulk-first.</summary>
public partial class JobLoggingDb(DbConnections connections)
{
    /// <summary>DiracX's MAGIC_EPOC_NUMBER: StatusTimeOrder is seconds since this Unix time.</summary>
    public const long MagicEpoch = 1_270_000_000;

    /// <summary>The connections this service works on: the request's unit of work's, or the scope's own.</summary>
    protected DbConnections Connections { get; } = connections;

    /// <summary>The DiracX database this service works on.</summary>
    protected virtual string DbName => DbNames.JobLoggingDb;

    /// <summary>The schema of its tables (the database name, as in its DbContext).</summary>
    protected virtual string Schema => DbName;

    private string Table(string name) => NpgsqlSql.Table(Schema, name);

    /// <summary>
    /// Appends the records in one statement. Records of one job get consecutive SeqNums in list order, after those
    /// already stored. The job's <c>LoggingInfoSeqNums</c> counter is bumped first (rows locked in JobID order, so
    /// concurrent bulk writers cannot deadlock) and stays locked until commit: concurrent writers for the same job
    /// wait instead of reading the same <c>max(SeqNum)</c> as DiracX's read-then-insert does. The same row update keeps
    /// the job's latest StatusTimeOrder (<see cref="GetLastStatusTimesAsync"/>); a counter without it (written by
    /// something else) gets it from LoggingInfo once.
    /// ApplicationStatus and Source are truncated to their column sizes, as DiracX does.
    /// </summary>
    public virtual async Task InsertRecordsAsync(IReadOnlyList<JobLoggingRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            WITH input AS (
                SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7) WITH ORDINALITY
                    AS u(job_id, status, minor, application, status_time, status_order, source, ord)
            ), counts AS (
                SELECT job_id, count(*)::int AS n, max(status_order) AS last_order FROM input GROUP BY job_id
            ), bumped AS (
                INSERT INTO {Table("LoggingInfoSeqNums")} AS s ("JobID", "LastSeqNum", "LastStatusTimeOrder")
                SELECT job_id, n, last_order FROM counts ORDER BY job_id
                ON CONFLICT ("JobID") DO UPDATE SET "LastSeqNum" = s."LastSeqNum" + EXCLUDED."LastSeqNum",
                    "LastStatusTimeOrder" = GREATEST(EXCLUDED."LastStatusTimeOrder", COALESCE(s."LastStatusTimeOrder",
                        (SELECT max(l."StatusTimeOrder") FROM {Table("LoggingInfo")} AS l WHERE l."JobID" = s."JobID")))
                RETURNING s."JobID", s."LastSeqNum"
            )
            INSERT INTO {Table("LoggingInfo")} ("JobID", "SeqNum", "Status", "MinorStatus", "ApplicationStatus",
                "StatusTime", "StatusTimeOrder", "StatusSource")
            SELECT i.job_id, (b."LastSeqNum" - c.n + row_number() OVER (PARTITION BY i.job_id ORDER BY i.ord))::int,
                i.status, i.minor, i.application, i.status_time, i.status_order, i.source
            FROM input i JOIN counts c ON c.job_id = i.job_id JOIN bumped b ON b."JobID" = i.job_id
            """, connection);
        command.Parameters.Add(NpgsqlSql.Array(records.Select(r => r.JobID).ToArray(), NpgsqlDbType.Bigint));
        command.Parameters.Add(NpgsqlSql.Array(records.Select(r => r.Status).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(NpgsqlSql.Array(records.Select(r => r.MinorStatus).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(NpgsqlSql.Array(
            records.Select(r => Truncate(r.ApplicationStatus, JobLoggingDbContext.ApplicationStatusLength)).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(NpgsqlSql.Array(records.Select(r => r.Date.ToUniversalTime()).ToArray(), NpgsqlDbType.TimestampTz));
        command.Parameters.Add(NpgsqlSql.Array(records.Select(r => StatusTimeOrder(r.Date)).ToArray(), NpgsqlDbType.Numeric));
        command.Parameters.Add(NpgsqlSql.Array(
            records.Select(r => Truncate(r.Source, JobLoggingDbContext.StatusSourceLength)).ToArray(), NpgsqlDbType.Text));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes the jobs' records and SeqNum counters.</summary>
    public virtual async Task DeleteRecordsAsync(IReadOnlyCollection<long> jobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var ids = jobIds.ToArray();
        batch.BatchCommands.Add(NpgsqlSql.Command($"DELETE FROM {Table("LoggingInfo")} WHERE \"JobID\" = ANY($1)",
            NpgsqlSql.Array(ids, NpgsqlDbType.Bigint)));
        batch.BatchCommands.Add(NpgsqlSql.Command($"DELETE FROM {Table("LoggingInfoSeqNums")} WHERE \"JobID\" = ANY($1)",
            NpgsqlSql.Array(ids, NpgsqlDbType.Bigint)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The earliest time a StatusTimeOrder (<c>numeric(12, 3)</c>: at most 999,999,999.999 s from <see cref="MagicEpoch"/>) holds.</summary>
    public static DateTimeOffset MinStatusTime { get; } = DateTimeOffset.UnixEpoch.AddSeconds(MagicEpoch - 999_999_999);

    /// <summary>The latest time a StatusTimeOrder holds.</summary>
    public static DateTimeOffset MaxStatusTime { get; } = DateTimeOffset.UnixEpoch.AddSeconds(MagicEpoch + 999_999_999);

    /// <summary>DiracX's StatusTimeOrder: Unix seconds minus <see cref="MagicEpoch"/>, rounded to milliseconds.</summary>
    public static decimal StatusTimeOrder(DateTimeOffset time) =>
        Math.Round((decimal)(time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerSecond - MagicEpoch, 3,
            MidpointRounding.ToEven);

    /// <summary>Cuts a value to at most <paramref name="length"/> UTF-16 units without splitting a surrogate pair.</summary>
    internal static string Truncate(string value, int length)
    {
        if (value.Length <= length)
        {
            return value;
        }
        return char.IsHighSurrogate(value[length - 1]) ? value[..(length - 1)] : value[..length];
    }
}
