using DiracX.Db.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace DiracX.Db.Jobs;

public partial class JobDb
{
    /// <summary>
    /// Reads and locks (<c>FOR UPDATE</c>) the jobs' rows in JobID order, in one statement. Every writer of the status
    /// machinery locks this way first, so overlapping bulk updates queue behind each other instead of deadlocking.
    /// Missing jobs are simply absent.
    /// </summary>
    public virtual async Task<IReadOnlyList<JobStatusRow>> LockJobsAsync(IReadOnlyCollection<long> jobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT "JobID", "Status", "MinorStatus", "StartExecTime", "EndExecTime", "VO", "Owner", "OwnerGroup",
                "VerifiedFlag", "RescheduleCounter"
            FROM {Table("Jobs")} WHERE "JobID" = ANY($1) ORDER BY "JobID" FOR UPDATE
            """, connection);
        command.Parameters.Add(NpgsqlSql.Array<long>([.. jobIds.Distinct()], NpgsqlDbType.Bigint));
        var rows = new List<JobStatusRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new JobStatusRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetBoolean(8), reader.GetInt32(9)));
        }
        return rows;
    }

    /// <summary>
    /// Applies per-job column values in one <c>UPDATE ... FROM unnest(...)</c> whatever the number of jobs (no per-job
    /// statement or CASE); a null value leaves the column as it is. One update per job. Only the columns some update
    /// sets appear in the statement (a status update sends 3-6 arrays, not 20), and a column every update sets is
    /// assigned without COALESCE; rows whose values would not change are not rewritten.
    /// </summary>
    public virtual async Task UpdateJobAttributesAsync(IReadOnlyList<JobAttributeUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            return;
        }
        var columns = JobAttributeColumns.All.Select(c => (Column: c, Set: c.CountSet(updates)))
            .Where(c => c.Set > 0).ToList();
        if (columns.Count == 0)
        {
            return;
        }
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        var sets = string.Join(",\n    ", columns.Select((c, i) =>
        {
            var name = NpgsqlSql.Quote(c.Column.Name);
            return c.Set == updates.Count ? $"{name} = u.c{i}" : $"{name} = COALESCE(u.c{i}, j.{name})";
        }));
        var changed = string.Join(" OR ", columns.Select((c, i) => c.Set == updates.Count
            ? $"j.{NpgsqlSql.Quote(c.Column.Name)} IS DISTINCT FROM u.c{i}"
            : $"(u.c{i} IS NOT NULL AND j.{NpgsqlSql.Quote(c.Column.Name)} IS DISTINCT FROM u.c{i})"));
        var aliases = string.Join(", ", columns.Select((_, i) => $"c{i}"));
        var arguments = string.Join(", ", Enumerable.Range(2, columns.Count).Select(i => $"${i}"));
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE {Table("Jobs")} AS j SET
                {sets}
            FROM unnest($1, {arguments}) AS u(id, {aliases})
            WHERE j."JobID" = u.id AND j."JobID" = ANY($1) AND ({changed})
            """, connection);
        command.Parameters.Add(NpgsqlSql.Array(updates.Select(u => u.JobID).ToArray(), NpgsqlDbType.Bigint));
        foreach (var (column, _) in columns)
        {
            command.Parameters.Add(column.Values(updates));
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Queues a command (Kill) for each job, in one statement; a command already queued at the same instant is kept.</summary>
    public virtual async Task InsertJobCommandsAsync(IReadOnlyCollection<long> jobIds, string command, string arguments, DateTimeOffset receptionTime,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        if (jobIds.Count == 0)
        {
            return;
        }
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var sql = new NpgsqlCommand(
            $"""
            INSERT INTO {Table("JobCommands")} ("JobID", "Command", "Arguments", "Status", "ReceptionTime")
            SELECT id, $2, $3, 'Received', $4 FROM unnest($1) AS u(id) ORDER BY id
            ON CONFLICT ("JobID", "ReceptionTime") DO NOTHING
            """, connection);
        sql.Parameters.Add(NpgsqlSql.Array<long>([.. jobIds.Distinct()], NpgsqlDbType.Bigint));
        sql.Parameters.Add(NpgsqlSql.Value(command));
        sql.Parameters.Add(NpgsqlSql.Value(arguments));
        sql.Parameters.Add(NpgsqlSql.Value(receptionTime.ToUniversalTime()));
        await sql.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Returns the jobs' pending (<c>Received</c>) commands ordered by JobID and marks every command of these jobs
    /// <c>Sent</c>, in one statement (DiracX's <c>get_job_commands</c>).
    /// </summary>
    public virtual async Task<IReadOnlyList<(long JobID, string Command, string Arguments)>> TakeJobCommandsAsync(
        IReadOnlyCollection<long> jobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            WITH pending AS (
                SELECT "JobID", "ReceptionTime", "Status" = 'Received' AS was_pending
                FROM {Table("JobCommands")} WHERE "JobID" = ANY($1) ORDER BY "JobID", "ReceptionTime" FOR UPDATE
            ), sent AS (
                UPDATE {Table("JobCommands")} AS c SET "Status" = 'Sent' FROM pending p
                WHERE c."JobID" = p."JobID" AND c."ReceptionTime" = p."ReceptionTime"
                RETURNING c."JobID", c."Command", c."Arguments", c."ReceptionTime", p.was_pending
            )
            SELECT "JobID", "Command", "Arguments" FROM sent WHERE was_pending ORDER BY "JobID", "ReceptionTime"
            """, connection);
        command.Parameters.Add(NpgsqlSql.Array<long>([.. jobIds.Distinct()], NpgsqlDbType.Bigint));
        var commands = new List<(long, string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            commands.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }
        return commands;
    }

    /// <summary>Stores heartbeat values in <c>HeartBeatLoggingInfo</c> in one statement (a repeat at the same instant replaces the value).</summary>
    public virtual async Task InsertHeartbeatValuesAsync(IReadOnlyList<HeartbeatValue> values, DateTimeOffset time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return;
        }
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {Table("HeartBeatLoggingInfo")} ("JobID", "Name", "Value", "HeartBeatTime")
            SELECT id, name, value, $4 FROM unnest($1, $2, $3) AS u(id, name, value) ORDER BY id, name
            ON CONFLICT ("JobID", "Name", "HeartBeatTime") DO UPDATE SET "Value" = EXCLUDED."Value"
            """, connection);
        command.Parameters.Add(NpgsqlSql.Array(values.Select(v => v.JobID).ToArray(), NpgsqlDbType.Bigint));
        command.Parameters.Add(NpgsqlSql.Array(values.Select(v => v.Name).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(NpgsqlSql.Array(values.Select(v => v.Value).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(NpgsqlSql.Value(time.ToUniversalTime()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
