using Npgsql;

namespace DiracX.Testing;

/// <summary>A database that belongs to one test class; dropped when disposed.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly PostgresServer _server;

    internal TestDatabase(PostgresServer server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = server.ConnectionStringFor(name);
    }

    /// <summary>The database name.</summary>
    public string Name { get; }

    /// <summary>A connection string to this database.</summary>
    public string ConnectionString { get; }

    /// <summary>Opens a connection to this database.</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Drops the database, closing any session still on it.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        await TestDatabaseTemplate.ExecuteAsync(_server.AdminConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)",
            CancellationToken.None);
    }
}
