using DiracX.Core.Modules;
using DiracX.Logic.Tasks;
using DiracX.Testing;
using Npgsql;

namespace DiracX.Tasks.Tests;

/// <summary>
/// A fresh database for worker processes (<see cref="WorkerProcess"/>), the workers started on it, and polling queries.
/// Deadlines are generous and only bound the polling.
/// </summary>
public sealed class WorkerDatabase : IAsyncDisposable
{
    /// <summary>How long a condition is polled for before the test fails.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly List<WorkerProcess> _workers = [];
    private readonly TestDatabase _database;

    private WorkerDatabase(TestDatabase database) => _database = database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The workers started so far.</summary>
    public IReadOnlyList<WorkerProcess> Workers => _workers;

    /// <summary>The database's connection string.</summary>
    public string ConnectionString => _database.ConnectionString;

    /// <summary>What the workers wrote, for failure messages.</summary>
    public string Outputs => string.Join(Environment.NewLine,
        _workers.Select(w => $"--- {w.Node}{(w.HasExited ? " (exited)" : "")}:{Environment.NewLine}{w.Output}"));

    /// <summary>A database migrated for the built-in tasks and the worker's test tasks, with the executions table.</summary>
    public static async Task<WorkerDatabase> CreateAsync()
    {
        IReadOnlyList<IDiracXModule> modules = [.. TaskModules.BuiltIn, new WorkerTestModule("v1")];
        var database = new WorkerDatabase(await DiracXDatabaseTemplates.For(modules).CreateDatabaseAsync(Ct));
        await database.ExecuteAsync(Executions.CreateTable);
        return database;
    }

    /// <summary>Starts a worker process on this database.</summary>
    public WorkerProcess Start(string node, string variant = "v1", IReadOnlyDictionary<string, string>? environment = null)
    {
        var worker = WorkerProcess.Start(node, _database.ConnectionString, variant, environment);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Runs a statement.</summary>
    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = await _database.OpenConnectionAsync(Ct);
        await using var command = Command(sql, connection, parameters);
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>Runs a query and returns its rows (DBNull as null).</summary>
    public async Task<List<object?[]>> QueryAsync(string sql, params object[] parameters)
    {
        await using var connection = await _database.OpenConnectionAsync(Ct);
        await using var command = Command(sql, connection, parameters);
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Polls the query until its rows satisfy the condition; fails with the workers' output at the deadline.</summary>
    public async Task<List<object?[]>> WaitForAsync(string what, string sql, Func<List<object?[]>, bool> condition, params object[] parameters)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var rows = await QueryAsync(sql, parameters);
            if (condition(rows))
            {
                return rows;
            }
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}{Environment.NewLine}{Outputs}");
            await Task.Delay(250, Ct);
        }
    }

    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }
        return command;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }
        await _database.DisposeAsync();
    }
}
