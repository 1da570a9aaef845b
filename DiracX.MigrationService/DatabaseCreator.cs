using Npgsql;

namespace DiracX.MigrationService;

/// <summary>
/// Creates the database of a connection string when the server has none of that name (SQLSTATE 3D000), through the
/// server's maintenance database (<c>postgres</c>), so that a deployment onto an empty PostgreSQL works.
/// </summary>
public static class DatabaseCreator
{
    /// <summary>The maintenance database connected to for <c>CREATE DATABASE</c>.</summary>
    public const string MaintenanceDatabase = "postgres";

    /// <summary>
    /// Returns false when the database exists, true when it was created. A role that may not create databases is an
    /// <see cref="InvalidOperationException"/> saying so (<c>role X lacks CREATEDB: ...</c>).
    /// </summary>
    public static async Task<bool> EnsureExistsAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        try
        {
            await using var probe = new NpgsqlConnection(target.ConnectionString);
            await probe.OpenAsync(cancellationToken);
            return false;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // the database does not exist: create it below
        }
        var database = target.Database ?? throw new InvalidOperationException("The DiracX connection string names no database (Database=...).");
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = MaintenanceDatabase };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database)}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException(
                $"role {target.Username} lacks CREATEDB: create database {database} first or grant CREATEDB (ALTER ROLE {target.Username} CREATEDB)", e);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            return false; // another migration run created it meanwhile
        }
        logger.LogInformation("Created the database {Database}", database);
        return true;
    }

    /// <summary>Quotes a PostgreSQL identifier (doubling any double quote).</summary>
    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
