using System.Globalization;
using DiracX.Core.Errors;
using DiracX.Core.Models;
using DiracX.Db.Infrastructure;
using NpgsqlTypes;

namespace DiracX.Db.Search;

/// <summary>Builds the SQL of searches and summaries over a <see cref="SearchTable"/>, as DiracX's <c>_search</c> / <c>_summary</c>.</summary>
internal static class SearchPlanner
{
    /// <summary>
    /// From which page on (as an offset of this many pages) a page selects its keys first. Fetching a row again by its
    /// key costs about four buffer visits (the key index's descent and the heap) where the plain form visits about one
    /// heap buffer per row it skips: on 1M jobs a first page of 100 rows read 404 buffers keys first and 102 plain
    /// (0.58 ms against 0.14 ms), so only offsets beyond about three pages gain from it.
    /// </summary>
    internal const int KeysFirstFromPage = 3;

    public static SearchStatements PlanSearch(SearchTable table, SearchParams request, SearchPaging? paging,
        IReadOnlyList<SearchSpec> mandatoryFilters)
    {
        var (columns, pseudo) = SelectedColumns(table, request.Parameters);
        var filters = request.Search.Concat(mandatoryFilters).ToList();
        var parameters = new SqlParameters();
        var where = SearchFilters.Build(table, filters, parameters);
        var orderBy = OrderBy(table, request, columns);

        var whereSql = where is null ? "" : $" WHERE {where}";
        var select = $"SELECT {(request.Distinct ? "DISTINCT " : "")}{ColumnList(columns)} FROM {table.QualifiedName}" + whereSql;
        // Without DISTINCT the selected columns do not change the count: counting the table lets PostgreSQL use
        // an index-only scan; count(*) rather than count(col) for the same reason. When every filter is on a column
        // of the table's rollup, the count is the sum of the rollup's counts (a few hundred rows, not the matches).
        var countSql = request.Distinct
            ? $"SELECT count(*) FROM ({select}) AS matching"
            : RollupView(table, filters, []) is { } countView
                ? $"SELECT COALESCE(sum({NpgsqlSql.Quote(table.Rollup!.CountColumn)}), 0)::bigint FROM {table.Rollup.QualifiedName}"
                    + RollupWhere(table.Rollup, countView, where)
                : $"SELECT count(*) FROM {table.QualifiedName}{whereSql}";
        var countParameters = parameters.Copy();

        string pageSql;
        if (paging is null)
        {
            pageSql = $"{select} ORDER BY {orderBy}";
        }
        else
        {
            var window = $" LIMIT {parameters.Add((long)paging.PerPage, NpgsqlDbType.Bigint)}"
                + $" OFFSET {parameters.Add(paging.Offset, NpgsqlDbType.Bigint)}";
            if (request.Distinct || paging.Offset < KeysFirstFromPage * paging.PerPage)
            {
                pageSql = $"{select} ORDER BY {orderBy}{window}";
            }
            else
            {
                // A deep page's keys first (an index-only scan when an index holds the filter and sort columns, so the
                // OFFSET skips index entries, not heap rows), then only those rows.
                var key = NpgsqlSql.Quote(table.PrimaryKey.SqlName);
                pageSql = $"SELECT {ColumnList(columns)} FROM {table.QualifiedName} WHERE {key} IN "
                    + $"(SELECT {key} FROM {table.QualifiedName}{whereSql} ORDER BY {orderBy}{window}) ORDER BY {orderBy}";
            }
        }
        return new SearchStatements(countSql, countParameters, pageSql, parameters.Copy(), columns, pseudo, RegexPatterns(filters));
    }

    public static SummaryStatement PlanSummary(SearchTable table, SummaryParams request, IReadOnlyList<SearchSpec> mandatoryFilters)
    {
        // DiracX quirk A12 (docs/quirks.md): an empty grouping selects every column, so each distinct row is its own group.
        var unknown = request.Grouping.Where(g => table.Find(g) is null).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw Unrecognised(unknown);
        }
        var columns = request.Grouping.Count == 0
            ? table.Columns
            : [.. table.Columns.Where(c => request.Grouping.Contains(c.Name))];
        var filters = request.Search.Concat(mandatoryFilters).ToList();
        var parameters = new SqlParameters();
        var where = SearchFilters.Build(table, filters, parameters);
        var list = ColumnList(columns);
        var whereSql = where is null ? "" : $" WHERE {where}";
        // Grouping and filters only on the rollup's columns: sum its counts (groups whose count fell to 0 are kept
        // there, so they are dropped here) instead of counting the table.
        var view = request.Grouping.Count > 0 ? RollupView(table, filters, columns) : null;
        var sql = view is not null
            ? $"SELECT {list}, sum({NpgsqlSql.Quote(table.Rollup!.CountColumn)})::bigint AS \"count\" FROM {table.Rollup.QualifiedName}"
                + RollupWhere(table.Rollup, view, where)
                + $" GROUP BY {list} HAVING sum({NpgsqlSql.Quote(table.Rollup.CountColumn)}) > 0 ORDER BY {list}"
            : $"SELECT {list}, count(*) AS \"count\" FROM {table.QualifiedName}{whereSql} GROUP BY {list} ORDER BY {list}";
        return new SummaryStatement(sql, parameters.Copy(), columns, RegexPatterns(filters));
    }

    /// <summary>
    /// DiracX's column choice: null or empty means every column; unknown names are refused; pseudo-parameters are
    /// set aside and, when real columns are also asked for, the primary key is added (the caller joins on it).
    /// </summary>
    private static (IReadOnlyList<SearchColumn> Columns, IReadOnlyList<string> Pseudo) SelectedColumns(
        SearchTable table, IReadOnlyList<string>? requested)
    {
        if (requested is null || requested.Count == 0)
        {
            return (table.Columns, []);
        }
        var unknown = requested.Where(p => table.Find(p) is null && !table.PseudoParameters.Contains(p)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw Unrecognised(unknown);
        }
        var pseudo = requested.Where(table.PseudoParameters.Contains).Distinct().ToList();
        var names = requested.Where(p => table.Find(p) is not null).ToHashSet(StringComparer.Ordinal);
        if (names.Count == 0)
        {
            return (table.Columns, pseudo);
        }
        if (pseudo.Count > 0)
        {
            names.Add(table.PrimaryKey.Name);
        }
        return ([.. table.Columns.Where(c => names.Contains(c.Name))], pseudo);
    }

    /// <summary>
    /// The requested sorts, then tie-breakers so OFFSET pages never overlap or skip rows: the primary key, or with
    /// DISTINCT (whose ORDER BY may only name selected columns) the remaining selected columns.
    /// </summary>
    private static string OrderBy(SearchTable table, SearchParams request, IReadOnlyList<SearchColumn> columns)
    {
        var keys = new List<string>();
        var sorted = new HashSet<SearchColumn>();
        foreach (var sort in request.Sort)
        {
            var column = table.Find(sort.Parameter)
                ?? throw new DiracException($"Cannot sort by {sort.Parameter}: unknown column");
            if (request.Distinct && !columns.Contains(column))
            {
                throw new DiracException($"Cannot sort by {sort.Parameter}: with distinct, sort columns must be among the parameters");
            }
            if (sorted.Add(column))
            {
                keys.Add($"{NpgsqlSql.Quote(column.SqlName)} {(sort.Direction == SortDirection.Desc ? "DESC" : "ASC")}");
            }
        }
        var tieBreakers = request.Distinct ? columns : [table.PrimaryKey];
        keys.AddRange(tieBreakers.Where(sorted.Add).Select(c => $"{NpgsqlSql.Quote(c.SqlName)} ASC"));
        return string.Join(", ", keys);
    }

    /// <summary>The view of the table's rollup holding every filtered and grouped column, or null.</summary>
    private static SearchRollupView? RollupView(SearchTable table, IEnumerable<SearchSpec> filters, IEnumerable<SearchColumn> grouping) =>
        table.Rollup?.Covering(filters.Select(f => table.Find(f.Parameter)?.Name ?? f.Parameter).Concat(grouping.Select(c => c.Name)));

    /// <summary>The WHERE clause selecting the view's rows and the filters on them.</summary>
    private static string RollupWhere(SearchRollup rollup, SearchRollupView view, string? where) =>
        $" WHERE {NpgsqlSql.Quote(rollup.KindColumn)} = {view.Kind.ToString(CultureInfo.InvariantCulture)}" + (where is null ? "" : $" AND {where}");

    private static string ColumnList(IEnumerable<SearchColumn> columns) => string.Join(", ", columns.Select(c => NpgsqlSql.Quote(c.SqlName)));

    private static List<string> RegexPatterns(IEnumerable<SearchSpec> filters) =>
        [.. filters.Where(f => f.Operator == SearchOperator.Regex).Select(f => f.Value!.Value.ToString())];

    private static DiracException Unrecognised(IEnumerable<string> names) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Unrecognised parameters requested {PythonRepr.SetOf(names)}"));
}
