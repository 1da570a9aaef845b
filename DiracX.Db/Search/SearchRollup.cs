using DiracX.Db.Infrastructure;

namespace DiracX.Db.Search;

/// <summary>One view of a <see cref="SearchRollup"/>: the rows whose kind column holds <paramref name="Kind"/> group by these columns.</summary>
/// <param name="Kind">The value of the rollup's kind column for this view.</param>
/// <param name="Columns">The DiracX names of the columns the view groups by.</param>
public sealed record SearchRollupView(int Kind, IReadOnlySet<string> Columns)
{
    /// <summary>A view of these columns.</summary>
    public SearchRollupView(int kind, IEnumerable<string> columns) : this(kind, new HashSet<string>(columns, StringComparer.Ordinal))
    {
    }
}

/// <summary>
/// A pre-aggregated copy of a searched table: rows of counts per combination of some of its columns, in one or more
/// views told apart by a kind column (kept exact by the table's owner, e.g. by triggers). Counts and summaries whose
/// filters and grouping use only the columns of one view sum that view's counts instead of scanning the table.
/// </summary>
public sealed class SearchRollup
{
    /// <summary>Describes a rollup table.</summary>
    /// <param name="schema">The PostgreSQL schema.</param>
    /// <param name="name">The table name; its grouped columns have the searched table's SQL names.</param>
    /// <param name="kindColumn">The SQL name of the column naming a row's view.</param>
    /// <param name="countColumn">The SQL name of the column holding the number of rows.</param>
    /// <param name="views">The views, tried in order.</param>
    public SearchRollup(string schema, string name, string kindColumn, string countColumn, IEnumerable<SearchRollupView> views)
    {
        ArgumentException.ThrowIfNullOrEmpty(schema);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(kindColumn);
        ArgumentException.ThrowIfNullOrEmpty(countColumn);
        QualifiedName = NpgsqlSql.Table(schema, name);
        KindColumn = kindColumn;
        CountColumn = countColumn;
        Views = [.. views];
    }

    /// <summary>The quoted, schema-qualified name used in SQL.</summary>
    public string QualifiedName { get; }

    /// <summary>The SQL name of the kind column.</summary>
    public string KindColumn { get; }

    /// <summary>The SQL name of the count column.</summary>
    public string CountColumn { get; }

    /// <summary>The views.</summary>
    public IReadOnlyList<SearchRollupView> Views { get; }

    /// <summary>The first view grouping by every one of these DiracX column names, or null.</summary>
    public SearchRollupView? Covering(IEnumerable<string> names)
    {
        var wanted = names.ToList();
        return Views.FirstOrDefault(v => wanted.All(v.Columns.Contains));
    }
}
