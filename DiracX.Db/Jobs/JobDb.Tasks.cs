using Npgsql;

namespace DiracX.Db.Jobs;

public partial class JobDb
{
    /// <summary>
    /// The ids of jobs in <paramref name="status"/> whose last sign of life (heartbeat, else last update) is older
    /// than <paramref name="before"/> (every job of the status when null), oldest first, at most <paramref name="limit"/>:
    /// what the periodic job tasks (stalled jobs, the dummy executor) act on, set-based.
    /// </summary>
    public virtual async Task<IReadOnlyList<long>> JobIdsInStatusAsync(string status, DateTimeOffset? before, int limit, CancellationToken cancellationToken)
    {
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT "JobID" FROM {Table("Jobs")}
            WHERE "Status" = $1 AND ($2::timestamptz IS NULL OR coalesce("HeartBeatTime", "LastUpdateTime") < $2)
            ORDER BY "JobID" LIMIT $3
            """, connection, Connections.TransactionOf(DbName));
        command.Parameters.Add(Infrastructure.NpgsqlSql.Value(status));
        command.Parameters.Add(new NpgsqlParameter<DateTime?> { TypedValue = before?.UtcDateTime, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(Infrastructure.NpgsqlSql.Value(limit));
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }
        return ids;
    }
}
