using DiracX.Db.Infrastructure;

namespace DiracX.Db.Search;

/// <summary>
/// A pre-aggregated copy of a searched table: one row per distinct combination of some of its columns with the number
/// of rows having it (kept exact by the table's owner, e.g. by triggers). Counts and summaries whose filters and
/// grouping use only these columns sum it instead of scanning the table.
/// </summary>
public sealed class SearchRollup
{
    /// <summary>Describes a rollup table.</summary>
    /// <param name="schema">The PostgreSQL schema.</param>
    /// <param name="name">The table name.</param>
    /// <param name="columns">The DiracX names of the columns it groups by; its SQL columns have the searched table's SQL names.</param>
    /// <param name="countColumn">The SQL name of the column holding the number of rows.</param>
    public SearchRollup(string schema, string name, IEnumerable<string> columns, string countColumn)
    {
        ArgumentException.ThrowIfNullOrEmpty(schema);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(countColumn);
        QualifiedName = NpgsqlSql.Table(schema, name);
        Columns = new HashSet<string>(columns, StringComparer.Ordinal);
        CountColumn = countColumn;
    }

    /// <summary>The quoted, schema-qualified name used in SQL.</summary>
    public string QualifiedName { get; }

    /// <summary>The DiracX names of the grouped columns.</summary>
    public IReadOnlySet<string> Columns { get; }

    /// <summary>The SQL name of the count column.</summary>
    public string CountColumn { get; }

    /// <summary>Whether every one of these DiracX column names is grouped here.</summary>
    public bool Covers(IEnumerable<string> names) => names.All(Columns.Contains);
}
