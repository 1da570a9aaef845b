using System.Text.Json;
using DiracX.Db.Infrastructure;

namespace DiracX.Db.Search;

/// <summary>The kind of value a searchable column holds; decides how filter values are converted and compared.</summary>
public enum SearchColumnType
{
    /// <summary>Text (<c>text</c>, <c>varchar</c>).</summary>
    Text,
    /// <summary>Whole numbers (<c>smallint</c>, <c>integer</c>, <c>bigint</c>).</summary>
    WholeNumber,
    /// <summary>Floating point numbers (<c>real</c>, <c>double precision</c>, <c>numeric</c>).</summary>
    RealNumber,
    /// <summary>Instants (<c>timestamp with time zone</c>, UTC); string filters are DiracX partial dates.</summary>
    DateTime,
    /// <summary>Booleans; filters accept <c>true</c>/<c>false</c> (any case) or 1/0.</summary>
    Boolean,
}

/// <summary>One searchable column: the name clients use and the SQL column behind it.</summary>
/// <param name="Name">The DiracX name (e.g. <c>JobID</c>), as in JSON keys and filters.</param>
/// <param name="SqlName">The SQL column name (quoted when used; never taken from input).</param>
/// <param name="Type">The value type.</param>
public sealed record SearchColumn(string Name, string SqlName, SearchColumnType Type)
{
    /// <summary>The name as a JSON property, encoded once.</summary>
    public JsonEncodedText JsonName { get; } = JsonEncodedText.Encode(Name);
}

/// <summary>
/// What the search engine knows about a table: its schema-qualified name, its columns in table order (the order of
/// keys in returned rows, as DiracX returns them), its primary key (the stable tie-breaker of paged results), the
/// unit of <c>Content-Range</c> (<c>jobs</c>, <c>pilots</c>) and the pseudo-parameters callers may request.
/// </summary>
public sealed class SearchTable
{
    private readonly Dictionary<string, SearchColumn> _byName;

    /// <summary>Describes a table.</summary>
    /// <param name="schema">The PostgreSQL schema.</param>
    /// <param name="name">The table name.</param>
    /// <param name="columns">The columns, in table order.</param>
    /// <param name="primaryKey">The DiracX name of the primary-key column.</param>
    /// <param name="rangeUnit">The unit of <c>Content-Range</c>, e.g. <c>jobs</c>.</param>
    /// <param name="pseudoParameters">Names accepted in <c>parameters</c> that are not columns (e.g. <c>LoggingInfo</c>); the caller adds their data.</param>
    /// <param name="rollup">A pre-aggregated copy of the table that counts and summaries may read, if any.</param>
    /// <exception cref="ArgumentException">A name is empty or repeated, or the primary key or a rollup column is not a column.</exception>
    public SearchTable(string schema, string name, IEnumerable<SearchColumn> columns, string primaryKey, string rangeUnit,
        IEnumerable<string>? pseudoParameters = null, SearchRollup? rollup = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(schema);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(rangeUnit);
        Schema = schema;
        Name = name;
        Columns = [.. columns];
        if (Columns.Count == 0 || Columns.Any(c => string.IsNullOrEmpty(c.Name) || string.IsNullOrEmpty(c.SqlName)))
        {
            throw new ArgumentException("A search table needs columns with non-empty names", nameof(columns));
        }
        _byName = Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        PrimaryKey = _byName.GetValueOrDefault(primaryKey)
            ?? throw new ArgumentException($"Primary key {primaryKey} is not a column", nameof(primaryKey));
        RangeUnit = rangeUnit;
        PseudoParameters = new HashSet<string>(pseudoParameters ?? [], StringComparer.Ordinal);
        QualifiedName = NpgsqlSql.Table(schema, name);
        if (rollup is not null && rollup.Views.SelectMany(v => v.Columns).Any(c => !_byName.ContainsKey(c)))
        {
            throw new ArgumentException("Every rollup column must be a column of the table", nameof(rollup));
        }
        Rollup = rollup;
    }

    /// <summary>The pre-aggregated copy counts and summaries may read, if any.</summary>
    public SearchRollup? Rollup { get; }

    /// <summary>The PostgreSQL schema.</summary>
    public string Schema { get; }

    /// <summary>The table name.</summary>
    public string Name { get; }

    /// <summary>The quoted, schema-qualified name used in SQL.</summary>
    public string QualifiedName { get; }

    /// <summary>The columns, in table order.</summary>
    public IReadOnlyList<SearchColumn> Columns { get; }

    /// <summary>The primary-key column.</summary>
    public SearchColumn PrimaryKey { get; }

    /// <summary>The unit of <c>Content-Range</c> (<c>jobs</c>, <c>pilots</c>).</summary>
    public string RangeUnit { get; }

    /// <summary>Names accepted in <c>parameters</c> that are not columns.</summary>
    public IReadOnlySet<string> PseudoParameters { get; }

    /// <summary>The column with this DiracX name, or null.</summary>
    public SearchColumn? Find(string name) => _byName.GetValueOrDefault(name);
}
