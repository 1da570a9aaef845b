using System.Collections.Concurrent;
using Npgsql;

namespace DiracX.Testing;

/// <summary>
/// A database prepared once per test process (for example by running every migration) and then copied with
/// <c>CREATE DATABASE ... TEMPLATE</c> for each test class, so tests start from the same state quickly and in isolation.
/// </summary>
/// <param name="name">Identifies the template; templates with the same name are built once per process.</param>
/// <param name="initializeAsync">Prepares the template, given its connection string.</param>
public sealed class TestDatabaseTemplate(string name, Func<string, CancellationToken, Task> initializeAsync)
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> s_templates = new();
    // Copies from one template are serialised: PostgreSQL refuses a copy while the template has other sessions.
    private static readonly SemaphoreSlim s_copyLock = new(1, 1);
    private static int s_counter;

    /// <summary>The name given to this template.</summary>
    public string Name { get; } = name;

    /// <summary>Creates a fresh database copied from this template, building the template first if needed.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var server = await PostgresServer.GetSharedAsync(cancellationToken);
        var template = await s_templates.GetOrAdd(Name, _ => new Lazy<Task<string>>(() => BuildAsync(server))).Value
            .WaitAsync(cancellationToken);
        var database = $"diracx_test_{Environment.ProcessId}_{Interlocked.Increment(ref s_counter)}";
        await s_copyLock.WaitAsync(cancellationToken);
        try
        {
            await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE \"{database}\" TEMPLATE \"{template}\"", cancellationToken);
        }
        finally
        {
            s_copyLock.Release();
        }
        return new TestDatabase(server, database);
    }

    private async Task<string> BuildAsync(PostgresServer server)
    {
        // The process id keeps templates of parallel test processes apart on a shared server.
        var template = $"diracx_tpl_{Sanitize(Name)}_{Environment.ProcessId}";
        await ExecuteAsync(server.AdminConnectionString, $"DROP DATABASE IF EXISTS \"{template}\" WITH (FORCE)", CancellationToken.None);
        await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE \"{template}\"", CancellationToken.None);
        var connectionString = server.ConnectionStringFor(template);
        await initializeAsync(connectionString, CancellationToken.None);
        // No session may remain on a template that is being copied.
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server.AdminConnectionString,
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{template}' AND pid <> pg_backend_pid()",
            CancellationToken.None);
        return template;
    }

    private static string Sanitize(string name) =>
        new([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

    internal static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
