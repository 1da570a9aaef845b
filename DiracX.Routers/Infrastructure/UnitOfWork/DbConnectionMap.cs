using DiracX.Db.Infrastructure;

namespace DiracX.Routers.Infrastructure.UnitOfWork;

/// <summary>The connection string of every database that the enabled systems use, resolved once at start-up.</summary>
public sealed class DbConnectionMap(IReadOnlyDictionary<string, string> byDatabase)
{
    /// <summary>Database name to connection string.</summary>
    public IReadOnlyDictionary<string, string> ByDatabase { get; } = byDatabase;

    /// <summary>The distinct connection strings of the given databases.</summary>
    public IReadOnlyList<string> For(IEnumerable<string> databases) =>
        [.. databases.Select(db => ByDatabase.TryGetValue(db, out var cs) ? cs
            : throw new InvalidOperationException($"The database {db} is not configured (ConnectionStrings:{db}).")).Distinct()];

    /// <summary>Resolves the connection strings of the given databases from configuration, skipping missing ones.</summary>
    public static DbConnectionMap Create(IEnumerable<string> databases, IConfiguration configuration) =>
        new(databases.Distinct().Select(db => (db, cs: DbConnectionStrings.Find(configuration, db)))
            .Where(x => x.cs is not null).ToDictionary(x => x.db, x => x.cs!));
}
