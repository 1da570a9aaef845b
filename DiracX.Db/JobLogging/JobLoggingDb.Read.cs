using DiracX.Db.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace DiracX.Db.JobLogging;

/// <summary>One stored LoggingInfo row, as read back (values may be <c>idem</c>).</summary>
/// <param name="JobID">The job.</param>
/// <param name="Status">The major status, or <c>idem</c>.</param>
/// <param name="MinorStatus">The minor status, or <c>idem</c>.</param>
/// <param name="ApplicationStatus">The application status, or <c>idem</c>.</param>
/// <param name="StatusTime">When it was reported (UTC).</param>
/// <param name="Source">Who reported it.</param>
public sealed record StoredLoggingRecord(long JobID, string Status, string MinorStatus, string ApplicationStatus,
    DateTimeOffset StatusTime, string Source);

public partial class JobLoggingDb
{
    /// <summary>
    /// The time of each job's latest record, as DiracX reads it back from <c>StatusTimeOrder</c> (millisecond
    /// precision), in one statement. Jobs without records are absent. Read from the jobs' <c>LoggingInfoSeqNums</c>
    /// rows (a primary-key lookup, kept by <see cref="InsertRecordsAsync"/>), not by scanning LoggingInfo; a counter
    /// without the value falls back to <c>max("StatusTimeOrder")</c> of that job.
    /// </summary>
    public virtual async Task<IReadOnlyDictionary<long, DateTimeOffset>> GetLastStatusTimesAsync(IReadOnlyCollection<long> jobIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT s."JobID", COALESCE(s."LastStatusTimeOrder",
                (SELECT max(l."StatusTimeOrder") FROM {Table("LoggingInfo")} AS l WHERE l."JobID" = s."JobID"))
            FROM {Table("LoggingInfoSeqNums")} AS s WHERE s."JobID" = ANY($1)
            """, connection);
        command.Parameters.Add(NpgsqlSql.Array<long>([.. jobIds.Distinct()], NpgsqlDbType.Bigint));
        var times = new Dictionary<long, DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(1))
            {
                times[reader.GetInt64(0)] = FromStatusTimeOrder(reader.GetDecimal(1));
            }
        }
        return times;
    }

    /// <summary>The jobs' records in history order (StatusTimeOrder, then StatusTime, then SeqNum), in one statement.</summary>
    public virtual async Task<IReadOnlyList<StoredLoggingRecord>> GetRecordsAsync(IReadOnlyCollection<long> jobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT "JobID", "Status", "MinorStatus", "ApplicationStatus", "StatusTime", "StatusSource"
            FROM {Table("LoggingInfo")} WHERE "JobID" = ANY($1)
            ORDER BY "JobID", "StatusTimeOrder", "StatusTime", "SeqNum"
            """, connection);
        command.Parameters.Add(NpgsqlSql.Array<long>([.. jobIds.Distinct()], NpgsqlDbType.Bigint));
        var records = new List<StoredLoggingRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new StoredLoggingRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5)));
        }
        return records;
    }

    /// <summary>The instant a StatusTimeOrder stands for (the inverse of <see cref="StatusTimeOrder"/>).</summary>
    public static DateTimeOffset FromStatusTimeOrder(decimal order) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)decimal.Round((order + MagicEpoch) * TimeSpan.TicksPerSecond));
}
