using DiracX.Db.Infrastructure;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Routers.Infrastructure.UnitOfWork;
using Npgsql;

namespace DiracX.Routers.Health;

/// <summary>Every configured database answers, and its schema is at the version this build needs (no pending migration).</summary>
public sealed class DatabaseReadinessCheck(DbConnectionMap connections, DbMigrator migrator, TimeProvider time) : IReadinessCheck
{
    // Probes come every few seconds from every kubelet; the answer is cached briefly (DiracX caches its ping 10 s).
    private static readonly TimeSpan s_cacheFor = TimeSpan.FromSeconds(5);
    private (DateTimeOffset At, string? Problem)? _last;
    private bool _schemaChecked;

    /// <inheritdoc />
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        if (_last is { } last && time.GetUtcNow() - last.At < s_cacheFor)
        {
            return last.Problem;
        }
        var problem = await ProbeAsync(cancellationToken);
        _last = (time.GetUtcNow(), problem);
        return problem;
    }

    private async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        foreach (var (db, cs) in connections.ByDatabase)
        {
            try
            {
                await using var connection = new NpgsqlConnection(cs);
                await connection.OpenAsync(cancellationToken);
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(cancellationToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                return $"{db} ping failed";
            }
        }
        if (!_schemaChecked)
        {
            var pending = await migrator.PendingAsync(cancellationToken);
            if (pending.Count > 0)
            {
                return $"Database schema is not up to date (pending migrations for {string.Join(", ", pending)})";
            }
            _schemaChecked = true;
        }
        return null;
    }
}
