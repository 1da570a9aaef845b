using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace DiracX.Db.Infrastructure;

/// <summary>
/// The one helper for raw SQL on PostgreSQL: a context's own connection and transaction (so bulk statements and
/// searches run in the request's unit of work; Npgsql runs commands in the connection's open transaction without
/// further wiring), quoted identifiers (which come from table descriptions, never from input) and positional parameters.
/// </summary>
internal static class NpgsqlSql
{
    /// <summary>The context's connection, opened if it is not (the context then closes it when disposed).</summary>
    public static async Task<NpgsqlConnection> ConnectionAsync(DbContext context, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)context.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await context.Database.OpenConnectionAsync(cancellationToken);
        }
        return connection;
    }

    /// <summary>The context's current transaction, if it has one.</summary>
    public static NpgsqlTransaction? TransactionOf(DbContext context) =>
        context.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;

    /// <summary>A quoted, schema-qualified table name.</summary>
    public static string Table(string schema, string table) => $"{Quote(schema)}.{Quote(table)}";

    /// <summary>A quoted identifier, embedded quotes doubled.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A positional array parameter of the given element type.</summary>
    public static NpgsqlParameter Array<T>(IReadOnlyList<T> values, NpgsqlDbType elementType) =>
        new() { Value = values as T[] ?? [.. values], NpgsqlDbType = NpgsqlDbType.Array | elementType };

    /// <summary>A positional scalar parameter.</summary>
    public static NpgsqlParameter Value<T>(T value) => new NpgsqlParameter<T> { TypedValue = value };

    /// <summary>A batch command with positional parameters (<c>$1</c>, <c>$2</c>, ...).</summary>
    public static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }
}
