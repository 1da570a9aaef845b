using System.Globalization;
using DiracX.Core.Errors;
using Npgsql;

namespace DiracX.Db.Search;

/// <summary>
/// Runs the statements of one search as a single batch. When the filters hold a regular expression the batch runs
/// inside a savepoint with a transaction-local <c>statement_timeout</c>; rolling back to the savepoint afterwards
/// restores the caller's timeout and, after a failure, leaves the caller's transaction usable.
/// </summary>
internal sealed class GuardedBatch : IAsyncDisposable
{
    private const string Savepoint = "diracx_search";
    // SQLSTATEs: query_canceled (statement_timeout) and invalid_regular_expression.
    private const string QueryCanceled = "57014";
    private const string InvalidRegularExpression = "2201B";

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction? _ownTransaction;
    private readonly NpgsqlBatch _batch;
    private readonly IReadOnlyList<string> _patterns;
    private readonly TimeSpan _timeout;
    private readonly CancellationToken _cancellationToken;

    private GuardedBatch(NpgsqlConnection connection, NpgsqlTransaction? ownTransaction, NpgsqlBatch batch,
        IReadOnlyList<string> patterns, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _connection = connection;
        _ownTransaction = ownTransaction;
        _batch = batch;
        _patterns = patterns;
        _timeout = timeout;
        _cancellationToken = cancellationToken;
    }

    private bool Guarded => _patterns.Count > 0;

    /// <summary>Prepares a batch; with regex filters, opens the savepoint (and a transaction when the caller has none).</summary>
    public static async Task<GuardedBatch> StartAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IReadOnlyList<string> patterns, SearchEngineOptions options, CancellationToken cancellationToken)
    {
        NpgsqlTransaction? own = null;
        if (patterns.Count > 0)
        {
            // SET LOCAL needs a transaction block; a read-only search loses nothing by running in its own.
            own = transaction is null ? await connection.BeginTransactionAsync(cancellationToken) : null;
            var milliseconds = Math.Max(1, (long)options.RegexStatementTimeout.TotalMilliseconds);
            await using var setup = new NpgsqlBatch(connection, transaction ?? own)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand($"SAVEPOINT {Savepoint}"),
                    new NpgsqlBatchCommand("SELECT set_config('statement_timeout', $1, true)")
                    {
                        Parameters = { new NpgsqlParameter { Value = milliseconds.ToString(CultureInfo.InvariantCulture) } },
                    },
                },
            };
            await setup.ExecuteNonQueryAsync(cancellationToken);
        }
        var batch = new NpgsqlBatch(connection, transaction ?? own);
        return new GuardedBatch(connection, own, batch, patterns, options.RegexStatementTimeout, cancellationToken);
    }

    /// <summary>Adds a statement.</summary>
    public void Add(string sql, IEnumerable<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
        _batch.BatchCommands.Add(command);
    }

    /// <summary>Runs the batch and hands its reader to <paramref name="read"/>.</summary>
    /// <exception cref="DiracException">400 when PostgreSQL rejects a regex or the time limit is hit.</exception>
    public async Task ExecuteAsync(Func<NpgsqlDataReader, Task> read)
    {
        try
        {
            await using var reader = await _batch.ExecuteReaderAsync(_cancellationToken);
            await read(reader);
        }
        catch (PostgresException e) when (Guarded && e.SqlState == InvalidRegularExpression)
        {
            throw new DiracException($"Invalid regex {string.Join(" / ", _patterns)}", innerException: e);
        }
        catch (PostgresException e) when (Guarded && e.SqlState == QueryCanceled && !_cancellationToken.IsCancellationRequested)
        {
            throw new DiracException(
                $"The search took longer than {_timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; "
                + $"simplify the regular expression {string.Join(" / ", _patterns)}", innerException: e);
        }
    }

    /// <summary>Undoes the savepoint (and the own transaction), restoring the caller's settings.</summary>
    public async ValueTask DisposeAsync()
    {
        await _batch.DisposeAsync();
        if (_ownTransaction is not null)
        {
            await _ownTransaction.RollbackAsync(CancellationToken.None);
            await _ownTransaction.DisposeAsync();
        }
        else if (Guarded)
        {
            await using var undo = new NpgsqlBatch(_connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand($"ROLLBACK TO SAVEPOINT {Savepoint}"),
                    new NpgsqlBatchCommand($"RELEASE SAVEPOINT {Savepoint}"),
                },
            };
            await undo.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
