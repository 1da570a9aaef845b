using DiracX.Db.Infrastructure;
using Npgsql;

namespace DiracX.Db.Jobs;

public partial class JobDb
{
    /// <summary>The VO of each given job that exists, in one statement (missing jobs are absent).</summary>
    public virtual async Task<IReadOnlyDictionary<long, string>> GetJobVosAsync(IReadOnlyCollection<long> jobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        await using var command = new NpgsqlCommand($"""SELECT "JobID", "VO" FROM {Table("Jobs")} WHERE "JobID" = ANY($1)""", connection);
        command.Parameters.Add(NpgsqlSql.Array<long>([.. jobIds.Distinct()], NpgsqlTypes.NpgsqlDbType.Bigint));
        var vos = new Dictionary<long, string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            vos[reader.GetInt64(0)] = reader.GetString(1);
        }
        return vos;
    }
}
