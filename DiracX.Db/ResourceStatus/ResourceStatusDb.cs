using DiracX.Core.Models;
using DiracX.Db.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace DiracX.Db.ResourceStatus;

/// <summary>One current status, from <c>SiteStatus</c> (element type <c>Site</c>) or <c>ResourceStatus</c>.</summary>
/// <param name="Name">The site or resource.</param>
/// <param name="ElementType">Site, StorageElement, ComputeElement or FTS.</param>
/// <param name="StatusType">The status type.</param>
/// <param name="VO">The VO, <c>all</c> for every VO.</param>
/// <param name="Status">The status.</param>
/// <param name="Reason">Why.</param>
/// <param name="DateEffective">Since when (UTC), or null.</param>
public sealed record ResourceStatusRecord(string Name, string ElementType, string StatusType, string VO, string Status, string? Reason,
    DateTimeOffset? DateEffective);

/// <summary>DiracX's ResourceStatusDB: reads every current status at once; writes statuses for operators (ours).</summary>
public class ResourceStatusDb(DbConnections connections)
{
    /// <summary>The element type of <c>SiteStatus</c> rows.</summary>
    public const string SiteElementType = "Site";

    /// <summary>The connections this service works on.</summary>
    protected DbConnections Connections { get; } = connections;

    /// <summary>The DiracX database this service works on.</summary>
    protected virtual string DbName => DbNames.ResourceStatusDb;

    /// <summary>The schema of its tables.</summary>
    protected virtual string Schema => DbName;

    private string Table(string name) => NpgsqlSql.Table(Schema, name);

    /// <summary>Runs <paramref name="action"/> once what this service wrote is committed (at once outside a request's transaction).</summary>
    public virtual Task WhenCommittedAsync(Func<CancellationToken, Task> action, CancellationToken cancellationToken) =>
        Connections.WhenCommittedAsync(action, cancellationToken);

    /// <summary>Whether any site or resource status is stored (one index probe per table).</summary>
    public virtual async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""SELECT EXISTS (SELECT 1 FROM {Table("SiteStatus")}) OR EXISTS (SELECT 1 FROM {Table("ResourceStatus")})""",
            connection, Connections.TransactionOf(DbName));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Every current status of sites and resources, in one statement.</summary>
    public virtual async Task<IReadOnlyList<ResourceStatusRecord>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT "Name", '{SiteElementType}', "StatusType", "VO", "Status", "Reason", "DateEffective" FROM {Table("SiteStatus")}
            UNION ALL
            SELECT "Name", COALESCE("ElementType", ''), "StatusType", "VO", "Status", "Reason", "DateEffective" FROM {Table("ResourceStatus")}
            ORDER BY 2, 1, 3, 4
            """, connection, Connections.TransactionOf(DbName));
        var rows = new List<ResourceStatusRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ResourceStatusRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(6), DateTimeKind.Utc))));
        }
        return rows;
    }

    /// <summary>
    /// Sets statuses (sites in <c>SiteStatus</c>, other element types in <c>ResourceStatus</c>) effective
    /// <paramref name="now"/>, and appends each change to <c>SiteLog</c>/<c>ResourceLog</c>: one batch of four statements
    /// whatever the number of entries.
    /// </summary>
    /// <remarks>
    /// The upserts insert in key order (Name, StatusType, VO), sites before other resources, so that concurrent
    /// settings of the same elements lock their rows in one order; in the request's order, two settings of the same
    /// elements in opposite orders deadlocked (one of them a 500).
    /// </remarks>
    public virtual async Task SetStatusesAsync(IReadOnlyList<ResourceStatusEntry> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var batch = new NpgsqlBatch(connection, Connections.TransactionOf(DbName));
        var sites = entries.Where(e => e.ElementType == SiteElementType).ToList();
        var resources = entries.Where(e => e.ElementType != SiteElementType).ToList();
        foreach (var (rows, current, log) in new[] { (sites, "SiteStatus", "SiteLog"), (resources, "ResourceStatus", "ResourceLog") })
        {
            if (rows.Count == 0)
            {
                continue;
            }
            var source = """
                unnest($1, $2, $3, $4, $5, $6) AS u(name, status_type, vo, status, reason, element_type)
                """;
            NpgsqlParameter[] Parameters() =>
            [
                NpgsqlSql.Array(rows.Select(r => r.Name).ToArray(), NpgsqlDbType.Text),
                NpgsqlSql.Array(rows.Select(r => r.StatusType).ToArray(), NpgsqlDbType.Text),
                NpgsqlSql.Array(rows.Select(r => r.Vo).ToArray(), NpgsqlDbType.Text),
                NpgsqlSql.Array(rows.Select(r => r.Status).ToArray(), NpgsqlDbType.Text),
                NpgsqlSql.Array(rows.Select(r => r.Reason).ToArray(), NpgsqlDbType.Text),
                NpgsqlSql.Array(rows.Select(r => r.ElementType).ToArray(), NpgsqlDbType.Text),
                NpgsqlSql.Value(now.ToUniversalTime()),
            ];
            batch.BatchCommands.Add(NpgsqlSql.Command(
                $"""
                INSERT INTO {Table(current)} ("Name", "StatusType", "VO", "Status", "Reason", "ElementType", "DateEffective", "LastCheckTime")
                SELECT u.name, u.status_type, u.vo, u.status, u.reason, u.element_type, $7, $7 FROM {source}
                ORDER BY u.name, u.status_type, u.vo
                ON CONFLICT ("Name", "StatusType", "VO") DO UPDATE SET "Status" = excluded."Status", "Reason" = excluded."Reason",
                    "ElementType" = excluded."ElementType", "DateEffective" = excluded."DateEffective", "LastCheckTime" = excluded."LastCheckTime"
                """, Parameters()));
            batch.BatchCommands.Add(NpgsqlSql.Command(
                $"""
                INSERT INTO {Table(log)} ("Name", "StatusType", "VO", "Status", "Reason", "ElementType", "DateEffective", "LastCheckTime")
                SELECT u.name, u.status_type, u.vo, u.status, u.reason, u.element_type, $7, $7 FROM {source}
                """, Parameters()));
        }
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
