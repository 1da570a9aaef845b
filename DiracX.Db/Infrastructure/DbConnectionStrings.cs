using Microsoft.Extensions.Configuration;
using Npgsql;

namespace DiracX.Db.Infrastructure;

/// <summary>Resolves the connection string of a DiracX database from configuration.</summary>
public static class DbConnectionStrings
{
    /// <summary>
    /// The connection string of <paramref name="dbName"/>: <c>ConnectionStrings:&lt;dbName&gt;</c>, else
    /// <c>ConnectionStrings:diracx</c>, else null. JIT is switched off unless the string sets it (performance.md 5.4:
    /// PostgreSQL's JIT turns large bulk statements from milliseconds into minutes).
    /// </summary>
    public static string? Find(IConfiguration configuration, string dbName)
    {
        var cs = configuration.GetConnectionString(dbName);
        if (string.IsNullOrWhiteSpace(cs))
        {
            cs = configuration.GetConnectionString(DbNames.Default);
        }
        return string.IsNullOrWhiteSpace(cs) ? null : Normalize(cs);
    }

    /// <summary>Adds <c>jit=off</c> and DiracX's application name to a connection string.</summary>
    public static string Normalize(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options is null || !builder.Options.Contains("jit", StringComparison.OrdinalIgnoreCase))
        {
            builder.Options = ((builder.Options ?? "") + " -c jit=off").Trim();
        }
        builder.ApplicationName ??= "diracx";
        return builder.ConnectionString;
    }
}
