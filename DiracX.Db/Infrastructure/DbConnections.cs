using Npgsql;

namespace DiracX.Db.Infrastructure;

/// <summary>The connection string of each DiracX database of the host (null when it has none), resolved once at start-up.</summary>
public sealed class DbConnectionStringMap(IReadOnlyDictionary<string, string?> byDatabase)
{
    /// <summary>The connection string of a database, or null when it is not configured.</summary>
    public string? For(string dbName) => byDatabase.TryGetValue(dbName, out var cs) ? cs : null;
}

/// <summary>
/// The connections of a scope for the Db services that speak raw Npgsql (JobDB, JobLoggingDB, TaskQueueDB): the
/// unit of work's shared connection and transaction when one is open (an HTTP request), else a connection of this
/// scope's own, opened on first use and closed with the scope (periodic tasks). No EF Core context is created: the
/// services only need a connection, and a DbContext per database per request cost more CPU than the statements.
/// </summary>
public sealed class DbConnections(DbUnitOfWork unitOfWork, DbConnectionStringMap connectionStrings) : IAsyncDisposable
{
    private Dictionary<string, NpgsqlConnection>? _own;

    /// <summary>The open connection to <paramref name="dbName"/>.</summary>
    /// <exception cref="InvalidOperationException">The database has no connection string, or the request's route does not declare it.</exception>
    /// <exception cref="Core.Errors.DbUnavailableException">The database cannot be reached.</exception>
    public ValueTask<NpgsqlConnection> OpenAsync(string dbName, CancellationToken cancellationToken)
    {
        var cs = ConnectionString(dbName);
        if (unitOfWork.ConnectionFor(cs) is { } shared)
        {
            return ValueTask.FromResult(shared);
        }
        if (unitOfWork.IsActive)
        {
            // A request's unit of work opens the databases its route declares; anything else would escape the
            // request's transaction.
            throw new InvalidOperationException($"The database {dbName} is used by a route that does not declare it.");
        }
        return OpenOwnAsync(cs, cancellationToken);
    }

    /// <summary>
    /// A new open connection to <paramref name="dbName"/>, outside any unit of work, that the caller owns and disposes
    /// (work that runs several short transactions concurrently, such as the sandbox clean-up).
    /// </summary>
    /// <exception cref="Core.Errors.DbUnavailableException">The database cannot be reached.</exception>
    public async Task<NpgsqlConnection> OpenDedicatedAsync(string dbName, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(ConnectionString(dbName));
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (DbUnitOfWork.IsUnavailable(e))
        {
            await connection.DisposeAsync();
            throw new Core.Errors.DbUnavailableException("Database unavailable", e);
        }
        return connection;
    }

    /// <summary>Runs <paramref name="action"/> once the scope's work is committed (see <see cref="DbUnitOfWork.WhenCommittedAsync"/>).</summary>
    public Task WhenCommittedAsync(Func<CancellationToken, Task> action, CancellationToken cancellationToken) =>
        unitOfWork.WhenCommittedAsync(action, cancellationToken);

    /// <summary>The transaction the statements on <paramref name="dbName"/> run in, or null (autocommit).</summary>
    public NpgsqlTransaction? TransactionOf(string dbName) => unitOfWork.TransactionFor(ConnectionString(dbName));

    private string ConnectionString(string dbName) => connectionStrings.For(dbName)
        ?? throw new InvalidOperationException(
            $"The database {dbName} has no connection string (ConnectionStrings:{dbName} or DIRACX_DB_URL_{dbName.ToUpperInvariant()}).");

    private async ValueTask<NpgsqlConnection> OpenOwnAsync(string cs, CancellationToken cancellationToken)
    {
        _own ??= new(StringComparer.Ordinal);
        if (_own.TryGetValue(cs, out var connection))
        {
            return connection;
        }
        connection = new NpgsqlConnection(cs);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (DbUnitOfWork.IsUnavailable(e))
        {
            await connection.DisposeAsync();
            throw new Core.Errors.DbUnavailableException("Database unavailable", e);
        }
        _own[cs] = connection;
        return connection;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_own is null)
        {
            return;
        }
        foreach (var connection in _own.Values)
        {
            await connection.DisposeAsync();
        }
        _own = null;
    }
}
