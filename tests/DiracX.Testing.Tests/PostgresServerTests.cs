using Npgsql;

namespace DiracX.Testing.Tests;

public class PostgresServerTests
{
    private static readonly TestDatabaseTemplate s_template = new("fixture-tests", async (cs, ct) =>
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("CREATE TABLE seeded(id int primary key); INSERT INTO seeded VALUES (42);", connection);
        await command.ExecuteNonQueryAsync(ct);
    });

    [Fact]
    public async Task The_shared_server_is_a_running_PostgreSQL_15()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await PostgresServer.GetSharedAsync(ct);
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync(ct);
        Assert.Equal(15, connection.PostgreSqlVersion.Major);
        Assert.Same(server, await PostgresServer.GetSharedAsync(ct));
    }

    [Fact]
    public async Task Each_database_is_a_copy_of_the_template_and_independent_of_the_others()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await s_template.CreateDatabaseAsync(ct);
        await using var second = await s_template.CreateDatabaseAsync(ct);
        Assert.NotEqual(first.Name, second.Name);

        await using (var c1 = await first.OpenConnectionAsync(ct))
        {
            await using var insert = new NpgsqlCommand("INSERT INTO seeded VALUES (1)", c1);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await using var c2 = await second.OpenConnectionAsync(ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM seeded", c2);
        Assert.Equal(1L, await count.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task A_disposed_database_is_dropped()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await PostgresServer.GetSharedAsync(ct);
        var database = await s_template.CreateDatabaseAsync(ct);
        await database.DisposeAsync();

        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @n", connection);
        exists.Parameters.AddWithValue("n", database.Name);
        Assert.Equal(0L, await exists.ExecuteScalarAsync(ct));
    }
}
