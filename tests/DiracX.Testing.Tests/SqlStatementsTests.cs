using Npgsql;

namespace DiracX.Testing.Tests;

/// <summary>The statement counter counts statements: each command of a batch, not round trips; pool housekeeping is not counted.</summary>
public class SqlStatementsTests
{
    private static readonly TestDatabaseTemplate s_template = new("statement-counter", async (cs, ct) =>
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("CREATE TABLE rows(id int primary key, note text)", connection);
        await command.ExecuteNonQueryAsync(ct);
    });

    [Fact]
    public async Task A_per_row_statement_inside_a_batch_counts_once_per_row()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await s_template.CreateDatabaseAsync(ct);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);

        async Task<int> Insert(int rows) => await SqlStatements.CountAsync(database.Name, async () =>
        {
            await using var batch = new NpgsqlBatch(connection);
            for (var i = 0; i < rows; i++)
            {
                // A literal with a semicolon and a comment must not be split.
                batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO rows VALUES ($1, 'a;b') /* x;y */") { Parameters = { new() { Value = i + (rows * 100) } } });
            }
            await batch.ExecuteNonQueryAsync(ct);
        });

        Assert.Equal(1, await Insert(1));
        Assert.Equal(10, await Insert(10));
    }

    [Fact]
    public async Task Statements_of_one_command_are_counted_and_discard_all_is_not()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await s_template.CreateDatabaseAsync(ct);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);

        var statements = await SqlStatements.CaptureAsync(database.Name, async () =>
        {
            await using var two = new NpgsqlCommand("SELECT 1; SELECT $$;$$", connection);
            await two.ExecuteNonQueryAsync(ct);
            await using var discard = new NpgsqlCommand("DISCARD ALL", connection);
            await discard.ExecuteNonQueryAsync(ct);
        });

        Assert.Equal(["SELECT 1", "SELECT $$;$$"], statements);
    }

    [Fact]
    public void Splitting_respects_literals_identifiers_and_comments() =>
        Assert.Equal(["SELECT ';' AS \"a;b\" -- c;d\nFROM t", "SELECT 2"],
            SqlStatements.Split("SELECT ';' AS \"a;b\" -- c;d\nFROM t; SELECT 2;"));
}
