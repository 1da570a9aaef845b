using DiracX.Core.Models;
using DiracX.Db.Infrastructure;
using DiracX.Db.Search;
using Npgsql;
using NpgsqlTypes;

namespace DiracX.Db.Pilots;

/// <summary>A pilot to register.</summary>
/// <param name="PilotStamp">The stamp.</param>
/// <param name="VO">The VO.</param>
/// <param name="GridType">The grid type.</param>
/// <param name="GridSite">The grid site.</param>
/// <param name="DestinationSite">The destination site.</param>
/// <param name="PilotJobReference">The pilot job reference.</param>
/// <param name="Status">The initial status.</param>
public sealed record NewPilot(string PilotStamp, string VO, string GridType, string GridSite, string DestinationSite,
    string PilotJobReference, string Status);

/// <summary>A pilot as the access policy sees it.</summary>
/// <param name="PilotStamp">The stamp.</param>
/// <param name="PilotID">The id.</param>
/// <param name="VO">The VO (null for rows legacy DIRAC wrote without one).</param>
public sealed record PilotIdentity(string PilotStamp, long PilotID, string? VO);

/// <summary>
/// DiracX's PilotAgentsDB "atomic methods" in raw Npgsql: each issues one statement whatever the number of pilots or
/// jobs, on the request's connection and transaction.
/// </summary>
public class PilotAgentsDb(DbConnections connections)
{
    private static readonly SearchEngine s_search = new(PilotsSearchTable.Table);

    /// <summary>The connections this service works on.</summary>
    protected DbConnections Connections { get; } = connections;

    /// <summary>The DiracX database this service works on.</summary>
    protected virtual string DbName => DbNames.PilotAgentsDb;

    /// <summary>The schema of its tables.</summary>
    protected virtual string Schema => DbName;

    private string Table(string name) => NpgsqlSql.Table(Schema, name);

    /// <summary>
    /// Inserts the pilot unless its stamp exists (the unique index decides, so two concurrent registrations of one stamp
    /// cannot both succeed: the second waits for the first to commit). Returns false when the stamp was taken.
    /// </summary>
    public virtual async Task<bool> RegisterAsync(NewPilot pilot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pilot);
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {Table("PilotAgents")} ("PilotStamp", "VO", "GridType", "GridSite", "DestinationSite", "PilotJobReference",
                "Status", "SubmissionTime", "LastUpdateTime")
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
            ON CONFLICT ("PilotStamp") DO NOTHING
            RETURNING "PilotID"
            """, connection, Connections.TransactionOf(DbName));
        command.Parameters.Add(NpgsqlSql.Value(pilot.PilotStamp));
        command.Parameters.Add(NpgsqlSql.Value(pilot.VO));
        command.Parameters.Add(NpgsqlSql.Value(pilot.GridType));
        command.Parameters.Add(NpgsqlSql.Value(pilot.GridSite));
        command.Parameters.Add(NpgsqlSql.Value(pilot.DestinationSite));
        command.Parameters.Add(NpgsqlSql.Value(pilot.PilotJobReference));
        command.Parameters.Add(NpgsqlSql.Value(pilot.Status));
        command.Parameters.Add(NpgsqlSql.Value(now.ToUniversalTime()));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>The pilots with these stamps (missing stamps are simply absent), in one statement.</summary>
    public virtual async Task<IReadOnlyList<PilotIdentity>> GetPilotsAsync(IReadOnlyCollection<string> stamps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stamps);
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""SELECT "PilotStamp", "PilotID", "VO" FROM {Table("PilotAgents")} WHERE "PilotStamp" = ANY($1)""",
            connection, Connections.TransactionOf(DbName));
        command.Parameters.Add(NpgsqlSql.Array<string>([.. stamps.Distinct(StringComparer.Ordinal)], NpgsqlDbType.Text));
        var pilots = new List<PilotIdentity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pilots.Add(new PilotIdentity(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        return pilots;
    }

    /// <summary>
    /// Sets the given fields of each pilot (absent fields unchanged) and <c>LastUpdateTime</c>, in one
    /// <c>UPDATE ... FROM unnest(...)</c>; returns the stamps that exist.
    /// </summary>
    /// <remarks>
    /// The pilots' rows are locked first, in PilotID order (a materialized <c>SELECT ... ORDER BY ... FOR UPDATE</c>), then
    /// updated: an update joined straight to the request's list locks the rows in the list's order, so two patches of
    /// the same pilots in opposite orders deadlocked (one of them a 500).
    /// </remarks>
    public virtual async Task<IReadOnlySet<string>> UpdateMetadataAsync(IReadOnlyDictionary<string, PilotMetadata> updates, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var rows = updates.ToList();
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            WITH locked AS MATERIALIZED (
                SELECT "PilotID", "PilotStamp" FROM {Table("PilotAgents")} WHERE "PilotStamp" = ANY($1) ORDER BY "PilotID" FOR UPDATE)
            UPDATE {Table("PilotAgents")} AS p SET
                "StatusReason" = COALESCE(u.status_reason, p."StatusReason"),
                "Status" = COALESCE(u.status, p."Status"),
                "BenchMark" = COALESCE(u.benchmark, p."BenchMark"),
                "DestinationSite" = COALESCE(u.destination_site, p."DestinationSite"),
                "Queue" = COALESCE(u.queue, p."Queue"),
                "GridSite" = COALESCE(u.grid_site, p."GridSite"),
                "GridType" = COALESCE(u.grid_type, p."GridType"),
                "AccountingSent" = COALESCE(u.accounting_sent, p."AccountingSent"),
                "CurrentJobID" = COALESCE(u.current_job_id, p."CurrentJobID"),
                "LastUpdateTime" = $11
            FROM locked AS l JOIN unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                AS u(stamp, status_reason, status, benchmark, destination_site, queue, grid_site, grid_type, accounting_sent, current_job_id)
                ON u.stamp = l."PilotStamp"
            WHERE p."PilotID" = l."PilotID"
            RETURNING p."PilotStamp"
            """, connection, Connections.TransactionOf(DbName));
        command.Parameters.Add(NpgsqlSql.Array(rows.Select(r => r.Key).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Texts(rows, m => m.StatusReason));
        command.Parameters.Add(Texts(rows, m => m.Status));
        command.Parameters.Add(NpgsqlSql.Array(rows.Select(r => r.Value.BenchMark).ToArray(), NpgsqlDbType.Double));
        command.Parameters.Add(Texts(rows, m => m.DestinationSite));
        command.Parameters.Add(Texts(rows, m => m.Queue));
        command.Parameters.Add(Texts(rows, m => m.GridSite));
        command.Parameters.Add(Texts(rows, m => m.GridType));
        command.Parameters.Add(NpgsqlSql.Array(rows.Select(r => r.Value.AccountingSent).ToArray(), NpgsqlDbType.Boolean));
        command.Parameters.Add(NpgsqlSql.Array(rows.Select(r => r.Value.CurrentJobID).ToArray(), NpgsqlDbType.Bigint));
        command.Parameters.Add(NpgsqlSql.Value(now.ToUniversalTime()));
        var found = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(reader.GetString(0));
        }
        return found;
    }

    private static NpgsqlParameter Texts(List<KeyValuePair<string, PilotMetadata>> rows, Func<PilotMetadata, string?> field) =>
        NpgsqlSql.Array(rows.Select(r => field(r.Value)).ToArray(), NpgsqlDbType.Text);

    /// <summary>
    /// Records that the pilot ran the jobs, in one statement; links that exist are left as they are (repeating a link
    /// is harmless). Returns how many links were new.
    /// </summary>
    public virtual async Task<int> AddJobsAsync(string stamp, IReadOnlyCollection<long> jobIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {Table("JobToPilotMapping")} ("PilotID", "JobID", "StartTime")
            SELECT p."PilotID", u.job, $3 FROM {Table("PilotAgents")} AS p CROSS JOIN unnest($2) AS u(job)
            WHERE p."PilotStamp" = $1
            ON CONFLICT DO NOTHING
            """, connection, Connections.TransactionOf(DbName));
        command.Parameters.Add(NpgsqlSql.Value(stamp));
        command.Parameters.Add(NpgsqlSql.Array<long>([.. jobIds.Distinct()], NpgsqlDbType.Bigint));
        command.Parameters.Add(NpgsqlSql.Value(now.ToUniversalTime()));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The jobs that the pilots with these stamps ran, in one statement.</summary>
    public virtual Task<IReadOnlyList<long>> GetJobIdsOfPilotsAsync(IReadOnlyCollection<string> stamps, CancellationToken cancellationToken) =>
        ReadIdsAsync(
            $"""
            SELECT DISTINCT m."JobID" FROM {Table("JobToPilotMapping")} AS m JOIN {Table("PilotAgents")} AS p ON p."PilotID" = m."PilotID"
            WHERE p."PilotStamp" = ANY($1) ORDER BY 1
            """, NpgsqlSql.Array<string>([.. stamps], NpgsqlDbType.Text), cancellationToken);

    /// <summary>The pilots that ran these jobs, in one statement.</summary>
    public virtual Task<IReadOnlyList<long>> GetPilotIdsOfJobsAsync(IReadOnlyCollection<long> jobIds, CancellationToken cancellationToken) =>
        ReadIdsAsync($"""SELECT DISTINCT "PilotID" FROM {Table("JobToPilotMapping")} WHERE "JobID" = ANY($1) ORDER BY 1""",
            NpgsqlSql.Array<long>([.. jobIds], NpgsqlDbType.Bigint), cancellationToken);

    private async Task<IReadOnlyList<long>> ReadIdsAsync(string sql, NpgsqlParameter parameter, CancellationToken cancellationToken)
    {
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection, Connections.TransactionOf(DbName));
        command.Parameters.Add(parameter);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }
        return ids;
    }

    /// <summary>One page of <c>PilotAgents</c> matching the request and every one of <paramref name="mandatoryFilters"/>.</summary>
    /// <exception cref="Core.Errors.DiracException">400: unknown column, unparsable value, invalid or too slow regex.</exception>
    public virtual async Task<SearchPage> SearchAsync(SearchParams request, SearchPaging? paging, IReadOnlyList<SearchSpec> mandatoryFilters,
        CancellationToken cancellationToken, SearchRowFormat format = SearchRowFormat.Values)
    {
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        return await s_search.SearchAsync(connection, Connections.TransactionOf(DbName), request, paging, mandatoryFilters, format, cancellationToken);
    }

    /// <summary>Counts of pilots grouped by the requested columns, within <paramref name="mandatoryFilters"/>.</summary>
    /// <exception cref="Core.Errors.DiracException">400: unknown column, unparsable value, invalid or too slow regex.</exception>
    public virtual async Task<IReadOnlyList<OrderedDictionary<string, object?>>> SummaryAsync(SummaryParams request,
        IReadOnlyList<SearchSpec> mandatoryFilters, CancellationToken cancellationToken)
    {
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        return await s_search.SummaryAsync(connection, Connections.TransactionOf(DbName), request, mandatoryFilters, cancellationToken);
    }
}
