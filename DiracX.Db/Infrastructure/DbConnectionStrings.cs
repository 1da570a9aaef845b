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

    /// <summary>
    /// Adds <c>jit=off</c>, DiracX's application name and <c>No Reset On Close=true</c> to a connection string.
    /// The last one drops Npgsql's pool reset (<c>DISCARD ALL</c>, one more round trip on the first statement of every
    /// request): DiracX never changes session state (no <c>SET</c>; the search's statement timeout is
    /// <c>set_config(..., true)</c>, local to a transaction), and Npgsql still rolls back an open transaction when a
    /// connection returns to the pool. It is a property of DiracX's code, not of a deployment, so it is set whatever the connection string says.
    /// </summary>
    public static string Normalize(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options is null || !builder.Options.Contains("jit", StringComparison.OrdinalIgnoreCase))
        {
            builder.Options = ((builder.Options ?? "") + " -c jit=off").Trim();
        }
        builder.ApplicationName ??= "diracx";
        builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }
}
