using System.Data.Common;
using DiracX.Db.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace DiracX.Db.Tasks;

/// <summary>The states of a run.</summary>
public static class TaskRunStates
{
    /// <summary>Waiting to be claimed by a worker (at <c>run_at</c>).</summary>
    public const string Pending = "Pending";
    /// <summary>Claimed by a worker that holds its lease.</summary>
    public const string Running = "Running";
    /// <summary>Finished successfully.</summary>
    public const string Succeeded = "Succeeded";
    /// <summary>Failed for good: the dead-letter list.</summary>
    public const string Failed = "Failed";
}

/// <summary>A run to write.</summary>
public sealed record NewTaskRun(string TaskName, string ArgsJson, int ArgsVersion, int Priority, DateTimeOffset RunAt,
    string? TraceParent = null, string? ScheduleKey = null, DateTimeOffset? ScheduledFor = null);

/// <summary>A stored run.</summary>
public sealed record TaskRunRecord(long Id, string TaskName, string ArgsJson, int ArgsVersion, int Priority, string State, int Attempt,
    DateTimeOffset RunAt, DateTimeOffset? ScheduledFor, DateTimeOffset EnqueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    Guid? LeaseToken, string? Node, string? ScheduleKey, string? Error, string? TraceParent);

/// <summary>A stored periodic schedule.</summary>
public sealed record TaskScheduleRecord(string Key, string TaskName, string? Vo, string Schedule, bool Paused, DateTimeOffset UpdatedAt);

/// <summary>
/// TaskDB's atomic methods in raw Npgsql on the scope's connections: inside a request they join its transaction (so an
/// enqueued run is an outbox row that commits or rolls back with the request); in a worker they autocommit.
/// Every transition of a claimed run is guarded by its lease token, so a worker that lost a run can never finish it.
/// </summary>
public class TaskDb(DbConnections connections)
{
    private const string Columns = "id, task_name, args::text, args_version, priority, state, attempt, run_at, scheduled_for, enqueued_at, "
        + "started_at, finished_at, lease_token, node, schedule_key, error, traceparent";

    /// <summary>The connections this service works on.</summary>
    protected DbConnections Connections { get; } = connections;

    /// <summary>The DiracX database this service works on.</summary>
    protected virtual string DbName => DbNames.TaskDb;

    private string Runs => NpgsqlSql.Table(DbName, "task_runs");
    private string Schedules => NpgsqlSql.Table(DbName, "task_schedules");

    /// <summary>Writes a pending run (in the caller's transaction when there is one); returns its id.</summary>
    public virtual async Task<long> EnqueueAsync(NewTaskRun run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var command = await CommandAsync($"""
            INSERT INTO {Runs} (task_name, args, args_version, priority, state, attempt, run_at, scheduled_for, enqueued_at, schedule_key, traceparent)
            VALUES ($1, $2::jsonb, $3, $4, 'Pending', 0, $5, $6, $7, $8, $9) RETURNING id
            """, cancellationToken, NewRunParameters(run, now));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Writes the run of a periodic slot unless that slot already has one; returns its id, or null when it had.</summary>
    public virtual async Task<long?> EnqueueSlotAsync(NewTaskRun run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var command = await CommandAsync($"""
            INSERT INTO {Runs} (task_name, args, args_version, priority, state, attempt, run_at, scheduled_for, enqueued_at, schedule_key, traceparent)
            VALUES ($1, $2::jsonb, $3, $4, 'Pending', 0, $5, $6, $7, $8, $9)
            ON CONFLICT (schedule_key, scheduled_for) WHERE schedule_key IS NOT NULL DO NOTHING RETURNING id
            """, cancellationToken, NewRunParameters(run, now));
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    /// <summary>
    /// Claims the most urgent due run for <paramref name="node"/> (priority, then due time; runs other workers are
    /// claiming are skipped): it becomes Running with a fresh lease token and one more attempt. Null when none is due.
    /// </summary>
    public virtual async Task<TaskRunRecord?> ClaimAsync(string node, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync($"""
            UPDATE {Runs} SET state = 'Running', attempt = attempt + 1, started_at = $2, lease_until = $3, lease_token = $4, node = $1
            WHERE id = (SELECT id FROM {Runs} WHERE state = 'Pending' AND run_at <= $2 ORDER BY priority, run_at, id
                        FOR UPDATE SKIP LOCKED LIMIT 1)
            RETURNING {Columns}
            """, cancellationToken, NpgsqlSql.Value(node), NpgsqlSql.Value(now.UtcDateTime), NpgsqlSql.Value(now.UtcDateTime + lease),
            NpgsqlSql.Value(Guid.NewGuid()));
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>
    /// Takes over one run whose worker stopped renewing its lease (it crashed): the run stays Running under a new token
    /// held by <paramref name="node"/>, which then records the lost attempt's outcome. Null when there is none.
    /// </summary>
    public virtual async Task<TaskRunRecord?> TakeOverExpiredAsync(string node, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync($"""
            UPDATE {Runs} SET lease_until = $3, lease_token = $4, node = $1
            WHERE id = (SELECT id FROM {Runs} WHERE state = 'Running' AND lease_until < $2 ORDER BY lease_until, id
                        FOR UPDATE SKIP LOCKED LIMIT 1)
            RETURNING {Columns}
            """, cancellationToken, NpgsqlSql.Value(node), NpgsqlSql.Value(now.UtcDateTime), NpgsqlSql.Value(now.UtcDateTime + lease),
            NpgsqlSql.Value(Guid.NewGuid()));
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>Extends the lease of a run this worker holds; false when it no longer holds it.</summary>
    public virtual Task<bool> RenewLeaseAsync(long id, Guid token, DateTimeOffset until, CancellationToken cancellationToken) =>
        UpdateHeldAsync(id, token, "lease_until = $3", cancellationToken, NpgsqlSql.Value(until.UtcDateTime));

    /// <summary>Records success; false when the run is no longer this worker's.</summary>
    public virtual Task<bool> SucceedAsync(long id, Guid token, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateHeldAsync(id, token, "state = 'Succeeded', finished_at = $3, lease_until = NULL, lease_token = NULL, error = NULL",
            cancellationToken, NpgsqlSql.Value(now.UtcDateTime));

    /// <summary>
    /// Records a failed attempt: pending again at <paramref name="retryAt"/>, or Failed for good (the dead-letter list)
    /// when it is null. False when the run is no longer this worker's.
    /// </summary>
    public virtual Task<bool> FailAsync(long id, Guid token, DateTimeOffset now, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken) =>
        retryAt is { } at
            ? UpdateHeldAsync(id, token, "state = 'Pending', run_at = $3, lease_until = NULL, lease_token = NULL, error = $4",
                cancellationToken, NpgsqlSql.Value(at.UtcDateTime), NpgsqlSql.Value(error))
            : UpdateHeldAsync(id, token, "state = 'Failed', finished_at = $3, lease_until = NULL, lease_token = NULL, error = $4",
                cancellationToken, NpgsqlSql.Value(now.UtcDateTime), NpgsqlSql.Value(error));

    /// <summary>
    /// Gives a claimed run back without counting the attempt (its lock was busy, or the worker is stopping): pending
    /// again at <paramref name="runAt"/>.
    /// </summary>
    public virtual Task<bool> ReleaseAsync(long id, Guid token, DateTimeOffset runAt, string? reason, CancellationToken cancellationToken) =>
        UpdateHeldAsync(id, token, "state = 'Pending', attempt = attempt - 1, run_at = $3, lease_until = NULL, lease_token = NULL, error = coalesce($4, error)",
            cancellationToken, NpgsqlSql.Value(runAt.UtcDateTime), new NpgsqlParameter<string?> { TypedValue = reason, NpgsqlDbType = NpgsqlDbType.Text });

    /// <summary>Puts a failed run back in the queue with fresh attempts; false when it is not a failed run.</summary>
    public virtual async Task<bool> RetryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(
            $"UPDATE {Runs} SET state = 'Pending', attempt = 0, run_at = $2, finished_at = NULL WHERE id = $1 AND state = 'Failed'",
            cancellationToken, NpgsqlSql.Value(id), NpgsqlSql.Value(now.UtcDateTime));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>One run, or null.</summary>
    public virtual async Task<TaskRunRecord?> GetRunAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync($"SELECT {Columns} FROM {Runs} WHERE id = $1", cancellationToken, NpgsqlSql.Value(id));
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>The latest runs, newest first, optionally of one state and one task.</summary>
    public virtual async Task<IReadOnlyList<TaskRunRecord>> ListRunsAsync(string? state, string? taskName, int limit, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync($"""
            SELECT {Columns} FROM {Runs} WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR task_name = $2)
            ORDER BY id DESC LIMIT $3
            """, cancellationToken, new NpgsqlParameter<string?> { TypedValue = state, NpgsqlDbType = NpgsqlDbType.Text },
            new NpgsqlParameter<string?> { TypedValue = taskName, NpgsqlDbType = NpgsqlDbType.Text }, NpgsqlSql.Value(limit));
        var runs = new List<TaskRunRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(ReadRun(reader));
        }
        return runs;
    }

    /// <summary>Every stored schedule, by key.</summary>
    public virtual async Task<IReadOnlyList<TaskScheduleRecord>> ListSchedulesAsync(CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(
            $"SELECT key, task_name, vo, schedule, paused, updated_at FROM {Schedules} ORDER BY key", cancellationToken);
        var schedules = new List<TaskScheduleRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            schedules.Add(new TaskScheduleRecord(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), reader.GetBoolean(4), Utc(reader.GetDateTime(5))));
        }
        return schedules;
    }

    /// <summary>Adds a schedule or changes its timing; a paused schedule stays paused.</summary>
    public virtual async Task UpsertScheduleAsync(string key, string taskName, string? vo, string schedule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync($"""
            INSERT INTO {Schedules} (key, task_name, vo, schedule, paused, updated_at) VALUES ($1, $2, $3, $4, false, $5)
            ON CONFLICT (key) DO UPDATE SET task_name = EXCLUDED.task_name, vo = EXCLUDED.vo, schedule = EXCLUDED.schedule,
                updated_at = EXCLUDED.updated_at
            WHERE {Schedules}.schedule IS DISTINCT FROM EXCLUDED.schedule OR {Schedules}.task_name IS DISTINCT FROM EXCLUDED.task_name
            """, cancellationToken, NpgsqlSql.Value(key), NpgsqlSql.Value(taskName),
            new NpgsqlParameter<string?> { TypedValue = vo, NpgsqlDbType = NpgsqlDbType.Text }, NpgsqlSql.Value(schedule), NpgsqlSql.Value(now.UtcDateTime));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes schedules.</summary>
    public virtual async Task DeleteSchedulesAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await using var command = await CommandAsync($"DELETE FROM {Schedules} WHERE key = ANY($1)", cancellationToken,
            NpgsqlSql.Array(keys, NpgsqlDbType.Text));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Pauses or resumes a schedule; false when there is no such schedule.</summary>
    public virtual async Task<bool> SetPausedAsync(string key, bool paused, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync($"UPDATE {Schedules} SET paused = $2, updated_at = $3 WHERE key = $1", cancellationToken,
            NpgsqlSql.Value(key), NpgsqlSql.Value(paused), NpgsqlSql.Value(now.UtcDateTime));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Takes a transaction-scoped advisory lock on TaskDB's connection (serialises schedule reconciliation).</summary>
    public virtual async Task LockForReconciliationAsync(CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync("SELECT pg_advisory_xact_lock(hashtext('diracx:tasks:reconcile'))", cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter[] NewRunParameters(NewTaskRun run, DateTimeOffset now) =>
    [
        NpgsqlSql.Value(run.TaskName), NpgsqlSql.Value(run.ArgsJson), NpgsqlSql.Value(run.ArgsVersion), NpgsqlSql.Value(run.Priority),
        NpgsqlSql.Value(run.RunAt.UtcDateTime),
        new NpgsqlParameter<DateTime?> { TypedValue = run.ScheduledFor?.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz },
        NpgsqlSql.Value(now.UtcDateTime),
        new NpgsqlParameter<string?> { TypedValue = run.ScheduleKey, NpgsqlDbType = NpgsqlDbType.Text },
        new NpgsqlParameter<string?> { TypedValue = run.TraceParent, NpgsqlDbType = NpgsqlDbType.Text },
    ];

    private async Task<bool> UpdateHeldAsync(long id, Guid token, string set, CancellationToken cancellationToken, params NpgsqlParameter[] more)
    {
        await using var command = await CommandAsync(
            $"UPDATE {Runs} SET {set} WHERE id = $1 AND lease_token = $2 AND state = 'Running'", cancellationToken,
            [NpgsqlSql.Value(id), NpgsqlSql.Value(token), .. more]);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<NpgsqlCommand> CommandAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        var command = new NpgsqlCommand(sql, connection, Connections.TransactionOf(DbName));
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static async Task<TaskRunRecord?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRun(reader) : null;
    }

    private static TaskRunRecord ReadRun(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetString(5), r.GetInt32(6), Utc(r.GetDateTime(7)),
        r.IsDBNull(8) ? null : Utc(r.GetDateTime(8)), Utc(r.GetDateTime(9)), r.IsDBNull(10) ? null : Utc(r.GetDateTime(10)),
        r.IsDBNull(11) ? null : Utc(r.GetDateTime(11)), r.IsDBNull(12) ? null : r.GetGuid(12), r.IsDBNull(13) ? null : r.GetString(13),
        r.IsDBNull(14) ? null : r.GetString(14), r.IsDBNull(15) ? null : r.GetString(15), r.IsDBNull(16) ? null : r.GetString(16));

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
