using System.Data;
using System.Net.Sockets;
using DiracX.Core.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace DiracX.Db.Infrastructure;

/// <summary>
/// One connection and one transaction per distinct connection string for the lifetime of a scope (an HTTP request):
/// every DbContext and raw command of the scope shares them, so a request commits or rolls back as a whole.
/// A read-only unit of work (<c>transactional: false</c>) opens the connections without a transaction: each statement
/// runs on its own (autocommit), so a single read costs one round trip, with no <c>BEGIN</c>/<c>COMMIT</c> around it.
/// </summary>
public sealed class DbUnitOfWork : IAsyncDisposable
{
    private readonly Dictionary<string, (NpgsqlConnection Connection, NpgsqlTransaction? Transaction)> _open = new(StringComparer.Ordinal);
    private List<Func<CancellationToken, Task>>? _whenCommitted;

    /// <summary>True once <see cref="BeginAsync"/> has run and until commit or rollback.</summary>
    public bool IsActive { get; private set; }

    /// <summary>Opens one connection and transaction per distinct connection string.</summary>
    /// <exception cref="DbUnavailableException">The database cannot be reached.</exception>
    public Task BeginAsync(IEnumerable<string> connectionStrings, CancellationToken cancellationToken) =>
        BeginAsync(connectionStrings, transactional: true, cancellationToken);

    /// <summary>
    /// Opens one connection per distinct connection string, each with a transaction when <paramref name="transactional"/>
    /// (routes that write); without, the statements of a read-only route run in autocommit.
    /// </summary>
    /// <exception cref="DbUnavailableException">The database cannot be reached.</exception>
    public async Task BeginAsync(IEnumerable<string> connectionStrings, bool transactional, CancellationToken cancellationToken)
    {
        foreach (var cs in connectionStrings.Distinct(StringComparer.Ordinal))
        {
            if (_open.ContainsKey(cs))
            {
                continue;
            }
            var connection = new NpgsqlConnection(cs);
            try
            {
                await connection.OpenAsync(cancellationToken);
            }
            catch (Exception e) when (IsUnavailable(e))
            {
                await connection.DisposeAsync();
                throw new DbUnavailableException("Database unavailable", e);
            }
            var transaction = transactional
                ? await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken)
                : null;
            _open[cs] = (connection, transaction);
        }
        IsActive = true;
    }

    /// <summary>The open connection for a connection string, or null when this unit of work has none.</summary>
    public NpgsqlConnection? ConnectionFor(string connectionString) =>
        _open.TryGetValue(connectionString, out var entry) ? entry.Connection : null;

    /// <summary>The open transaction for a connection string, or null (no such connection, or a read-only unit of work).</summary>
    public NpgsqlTransaction? TransactionFor(string connectionString) =>
        _open.TryGetValue(connectionString, out var entry) ? entry.Transaction : null;

    /// <summary>Makes a context use this unit of work's connection and transaction.</summary>
    internal void Enlist(DbContext context)
    {
        var connection = context.Database.GetDbConnection();
        foreach (var (_, entry) in _open)
        {
            if (ReferenceEquals(entry.Connection, connection))
            {
                if (entry.Transaction is null)
                {
                    return;
                }
                context.Database.UseTransaction(entry.Transaction);
                return;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> once this unit of work has committed, or at once when no transaction is open (the
    /// statements committed on their own); never after a rollback. For effects outside the database that must not come
    /// before the data: a cache dropped before the commit can be refilled with the old rows by any reader in between.
    /// The action handles its own failures (the data is committed whatever it does).
    /// </summary>
    public Task WhenCommittedAsync(Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!IsActive || !_open.Values.Any(e => e.Transaction is not null))
        {
            return action(cancellationToken);
        }
        (_whenCommitted ??= []).Add(action);
        return Task.CompletedTask;
    }

    /// <summary>Commits every transaction, then runs what waited for the commit (<see cref="WhenCommittedAsync"/>).</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        foreach (var (_, entry) in _open)
        {
            if (entry.Transaction is not null)
            {
                await entry.Transaction.CommitAsync(cancellationToken);
            }
        }
        IsActive = false;
        var actions = _whenCommitted;
        _whenCommitted = null;
        foreach (var action in actions ?? [])
        {
            // Not the request's token: the data is committed, so what follows it must happen even if the client left.
            await action(CancellationToken.None);
        }
    }

    /// <summary>Rolls every transaction back (what waited for a commit is dropped).</summary>
    public async Task RollbackAsync(CancellationToken cancellationToken)
    {
        _whenCommitted = null;
        foreach (var (_, entry) in _open)
        {
            if (entry.Transaction?.Connection is not null)
            {
                await entry.Transaction.RollbackAsync(cancellationToken);
            }
        }
        IsActive = false;
    }

    /// <summary>True when an exception means the database cannot be reached (as opposed to a bad statement).</summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException } => true,
        NpgsqlException n when n is not PostgresException && n.IsTransient => true,
        PostgresException p => p.SqlState is PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.InvalidCatalogName,
        SocketException or TimeoutException => true,
        _ => false,
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var (_, entry) in _open)
        {
            if (entry.Transaction is not null)
            {
                await entry.Transaction.DisposeAsync();
            }
            await entry.Connection.DisposeAsync();
        }
        _open.Clear();
    }
}
