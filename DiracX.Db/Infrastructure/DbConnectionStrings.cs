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
    /// Npgsql's read and write buffer per connection when the connection string does not say (Npgsql's default is
    /// 8 KiB). A status update of 10,000 jobs sends about 1 MB of arrays and a search page reads about 60 KB; with 8 KiB
    /// buffers each is dozens of flushes or fills, each re-arming the connection's timeout.
    /// </summary>
    public const int BufferSize = 64 * 1024;

    /// <summary>How many statements each connection keeps prepared when the connection string does not say.</summary>
    public const int AutoPreparedStatements = 64;

    /// <summary>
    /// The connection string for work that keeps state in its own PostgreSQL session (session advisory locks): with
    /// Npgsql's multiplexing, which a deployment may turn on (<c>Multiplexing=true</c>) for its many short reads, each
    /// statement goes to whichever physical connection is free, so a lock could be taken on one session and checked or
    /// released on another. Multiplexing is turned off here; everything else is kept.
    /// </summary>
    public static string OwnSession(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Multiplexing = false }.ConnectionString;

    /// <summary>
    /// Adds <c>jit=off</c>, DiracX's application name and <c>No Reset On Close=true</c> to a connection string.
    /// The last one drops Npgsql's pool reset (<c>DISCARD ALL</c>, one more round trip on the first statement of every
    /// request): DiracX never changes session state (no <c>SET</c>; the search's statement timeout is
    /// <c>set_config(..., true)</c>, local to a transaction), and Npgsql still rolls back an open transaction when a
    /// connection returns to the pool. It is a property of DiracX's code, not of a deployment, so it is set whatever the connection string says.
    /// Unless the connection string sets <c>Max Auto Prepare</c> itself (0 turns it off, e.g. behind a pooler that
    /// cannot keep prepared statements), statements seen twice on a connection are prepared: DiracX's SQL text depends
    /// on the shape of a request, not on its values, so the hot statements (a job's parameters, a search page, a
    /// status update) skip PostgreSQL's parse and plan after their first uses.
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
        // Npgsql's builder reports every keyword it knows; the generic one only those the string spells out.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        // Npgsql accepts each keyword with or without its spaces.
        bool Unset(string keyword) => !given.ContainsKey(keyword) && !given.ContainsKey(keyword.Replace(" ", "", StringComparison.Ordinal));
        if (Unset("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = AutoPreparedStatements;
            builder.AutoPrepareMinUsages = 2;
        }
        if (Unset("Write Buffer Size"))
        {
            builder.WriteBufferSize = BufferSize;
        }
        if (Unset("Read Buffer Size"))
        {
            builder.ReadBufferSize = BufferSize;
        }
        return builder.ConnectionString;
    }
}
