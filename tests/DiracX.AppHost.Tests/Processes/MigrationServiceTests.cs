using DiracX.Testing;
using Npgsql;

namespace DiracX.AppHost.Tests.Processes;

/// <summary>
/// The migration service deploys onto an empty PostgreSQL server: it creates the database when there is none, logs no
/// failure while doing so, and names a missing CREATEDB privilege in one line.
/// </summary>
public sealed class MigrationServiceTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task On_a_server_without_the_database_it_creates_it_and_migrates_without_fail_lines()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await PostgresServer.GetSharedAsync(ct);
        var name = $"diracx-fresh-{Guid.NewGuid():N}"[..24]; // a dash: the name must be quoted
        try
        {
            var (exitCode, stdout, stderr) = await ServiceProcess.RunAsync("DiracX.MigrationService", [],
                new Dictionary<string, string> { ["ConnectionStrings__diracx"] = server.ConnectionStringFor(name) }, s_timeout, ct);
            Assert.True(exitCode == 0, $"exit {exitCode}: {stdout}{stderr}");
            Assert.DoesNotContain("fail:", stdout + stderr, StringComparison.Ordinal);
            Assert.Contains($"Created the database {name}", stdout, StringComparison.Ordinal);
            await using var connection = new NpgsqlConnection(server.ConnectionStringFor(name));
            await connection.OpenAsync(ct);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' AND nspname <> 'information_schema'", connection);
            Assert.True((long)(await count.ExecuteScalarAsync(ct))! > 1, "no DiracX schema was created");

            // A second run finds the database and nothing to do.
            var again = await ServiceProcess.RunAsync("DiracX.MigrationService", [],
                new Dictionary<string, string> { ["ConnectionStrings__diracx"] = server.ConnectionStringFor(name) }, s_timeout, ct);
            Assert.Equal(0, again.ExitCode);
            Assert.DoesNotContain("fail:", again.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await AdminAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", ct);
        }
    }

    [Fact]
    public async Task A_role_without_createdb_is_named_in_one_line()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await PostgresServer.GetSharedAsync(ct);
        var role = $"nocreatedb_{Guid.NewGuid():N}"[..20];
        var name = $"diracx_missing_{Guid.NewGuid():N}"[..24];
        await AdminAsync(server, $"CREATE ROLE {role} LOGIN NOCREATEDB PASSWORD 'pw'", ct);
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionStringFor(name)) { Username = role, Password = "pw" }.ConnectionString;
            var result = await ServiceProcess.RunAsync("DiracX.MigrationService", [],
                new Dictionary<string, string> { ["ConnectionStrings__diracx"] = connectionString }, s_timeout, ct);
            ServiceProcess.AssertOneLineFailure(result, $"role {role} lacks CREATEDB: create database {name} first or grant CREATEDB");
        }
        finally
        {
            await AdminAsync(server, $"DROP ROLE IF EXISTS {role}", ct);
        }
    }

    private static async Task AdminAsync(PostgresServer server, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
