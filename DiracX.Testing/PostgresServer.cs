using Npgsql;

namespace DiracX.Testing;

/// <summary>
/// A PostgreSQL server for tests. When <c>DIRACX_TEST_POSTGRES</c> holds a connection string (a role that may create
/// databases), that server is used; otherwise a throwaway cluster is created with the machine's <c>initdb</c> and
/// started with <c>pg_ctl</c> on a free loopback port, once per test process, and removed when the process exits.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The environment variable that points the tests at an existing server.</summary>
    public const string ConnectionStringVariable = "DIRACX_TEST_POSTGRES";

    private static readonly ProcessWide<PostgresServer> s_shared = new(StartAsync);

    private readonly string? _dataRoot;
    private readonly string? _pgCtl;

    private PostgresServer(string adminConnectionString, string? dataRoot, string? pgCtl)
    {
        AdminConnectionString = adminConnectionString;
        _dataRoot = dataRoot;
        _pgCtl = pgCtl;
    }

    /// <summary>A connection string to the <c>postgres</c> database with the right to create databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Returns the server shared by every test of this process, starting it on first use.</summary>
    public static Task<PostgresServer> GetSharedAsync(CancellationToken cancellationToken = default) => s_shared.GetAsync(cancellationToken);

    /// <summary>A connection string to another database of this server.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    private static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken)
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresServer(external, null, null);
        }

        string[] binFolders = [.. Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
            : []];
        var initdb = ExternalProcess.Find("initdb", binFolders) ?? throw new InvalidOperationException(
            "PostgreSQL's initdb was not found on PATH or under /usr/lib/postgresql/*/bin. Install PostgreSQL 15 " +
            $"(apt-get install postgresql-15) or set {ConnectionStringVariable} to a server's connection string.");
        var pgCtl = Path.Combine(Path.GetDirectoryName(initdb)!, "pg_ctl");
        if (!File.Exists(pgCtl))
        {
            pgCtl = ExternalProcess.Find("pg_ctl", binFolders) ?? throw new InvalidOperationException("pg_ctl was not found next to initdb.");
        }

        // /tmp, not the user's home: the postgres user must be able to traverse every parent folder. A test run may
        // name its own folder (DIRACX_TEST_RUN_DIR, as .ci/run does) so that it can later stop exactly its clusters.
        var root = Path.Combine(RunFolder(), $"diracx-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..32]);
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        // initdb and postgres refuse to run as root: run them as the postgres user, which owns the folder.
        var runAs = ExternalProcess.IsRoot ? "postgres" : null;
        if (runAs is not null)
        {
            await ExternalProcess.RunAsync("chown", [$"{runAs}:{runAs}", root], cancellationToken);
        }
        await ExternalProcess.RunAsync(initdb, ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"],
            cancellationToken, runAs);

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            // Durability is irrelevant for throwaway test data; jit=off as in production (performance.md 5.4).
            var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                          "-c full_page_writes=off -c jit=off -c max_connections=300";
            try
            {
                await ExternalProcess.RunAsync(pgCtl, ["-D", data, "-o", options, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "start"],
                    cancellationToken, runAs);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                continue; // the port was taken between the probe and the start
            }
            var cs = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = port,
                Username = "postgres",
                Database = "postgres",
                // Pools stay small: many test databases share one server.
                MaxPoolSize = 20,
            }.ConnectionString;
            return new PostgresServer(cs, root, pgCtl);
        }
    }

    /// <summary>
    /// The environment variable naming the folder under which throwaway clusters are created (default: the temporary
    /// folder); each cluster's <c>data/postmaster.pid</c> there names its server's process.
    /// </summary>
    public const string RunFolderVariable = "DIRACX_TEST_RUN_DIR";

    private static string RunFolder()
    {
        var configured = Environment.GetEnvironmentVariable(RunFolderVariable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetTempPath();
        }
        Directory.CreateDirectory(configured);
        return configured;
    }

    /// <summary>Stops the throwaway cluster and deletes its files; does nothing for an external server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_dataRoot is null || _pgCtl is null || !Directory.Exists(_dataRoot))
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ExternalProcess.RunAsync(_pgCtl, ["-D", Path.Combine(_dataRoot, "data"), "-m", "immediate", "-w", "stop"],
                CancellationToken.None, ExternalProcess.IsRoot ? "postgres" : null);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        Directory.Delete(_dataRoot, recursive: true);
    }
}
