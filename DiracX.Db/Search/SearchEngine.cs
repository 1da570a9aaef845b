using DiracX.Core.Errors;
using DiracX.Core.Models;
using Npgsql;

namespace DiracX.Db.Search;

/// <summary>
/// DiracX's generic search and summary (<c>BaseSQLDB._search</c> / <c>_summary</c>) over one table description.
/// Runs on the caller's connection and transaction so it joins the request's unit of work. Callers add scoping
/// (VO, owner) as <c>mandatoryFilters</c>, which the request cannot remove.
/// </summary>
public sealed class SearchEngine
{
    private readonly SearchEngineOptions _options;

    /// <summary>Creates an engine for a table.</summary>
    public SearchEngine(SearchTable table, SearchEngineOptions? options = null)
    {
        Table = table;
        _options = options ?? new SearchEngineOptions();
    }

    /// <summary>The table searched.</summary>
    public SearchTable Table { get; }

    /// <summary>The SQL a search would run (for diagnostics and plan checks).</summary>
    /// <exception cref="DiracException">400 with DiracX's messages for unknown columns, bad values, bad regexes.</exception>
    public SearchStatements PlanSearch(SearchParams request, SearchPaging? paging, IReadOnlyList<SearchSpec>? mandatoryFilters = null) =>
        SearchPlanner.PlanSearch(Table, request, paging, mandatoryFilters ?? []);

    /// <summary>The SQL a summary would run.</summary>
    /// <exception cref="DiracException">400 with DiracX's messages.</exception>
    public SummaryStatement PlanSummary(SummaryParams request, IReadOnlyList<SearchSpec>? mandatoryFilters = null) =>
        SearchPlanner.PlanSummary(Table, request, mandatoryFilters ?? []);

    /// <summary>
    /// Counts the matching rows and reads one page (every row when <paramref name="paging"/> is null), in one round trip,
    /// as values or, when <paramref name="format"/> asks and no pseudo-parameter is requested, as JSON.
    /// </summary>
    /// <exception cref="DiracException">400: unknown column, unparsable value, invalid or too slow regex.</exception>
    public async Task<SearchPage> SearchAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SearchParams request,
        SearchPaging? paging, IReadOnlyList<SearchSpec>? mandatoryFilters = null, SearchRowFormat format = SearchRowFormat.Values,
        CancellationToken cancellationToken = default)
    {
        var plan = PlanSearch(request, paging, mandatoryFilters);
        var asJson = format == SearchRowFormat.Json && plan.PseudoParameters.Count == 0;
        long total = 0;
        SearchJsonRows? json = null;
        var rows = new List<OrderedDictionary<string, object?>>();
        await using (var run = await GuardedBatch.StartAsync(connection, transaction, plan.RegexPatterns, _options, cancellationToken))
        {
            run.Add(plan.CountSql, plan.CountParameters);
            run.Add(plan.PageSql, plan.PageParameters);
            await run.ExecuteAsync(async reader =>
            {
                await reader.ReadAsync(cancellationToken);
                total = reader.GetInt64(0);
                await reader.NextResultAsync(cancellationToken);
                if (asJson && SearchJsonRowWriter.Kinds(reader, plan.Columns) is { } kinds)
                {
                    json = await SearchJsonRowWriter.ReadAsync(reader, plan.Columns, kinds, cancellationToken);
                    return;
                }
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(SearchRows.Read(reader, plan.Columns));
                }
            });
        }
        return new SearchPage(rows, total, paging?.Offset ?? 0, Table.RangeUnit, plan.PseudoParameters) { Json = json };
    }

    /// <summary>
    /// Counts rows per group: <c>[{group columns..., "count": n}]</c>, groups in ascending order. An empty grouping
    /// groups by every column (DiracX quirk A12).
    /// </summary>
    /// <exception cref="DiracException">400: unknown column, unparsable value, invalid or too slow regex.</exception>
    public async Task<IReadOnlyList<OrderedDictionary<string, object?>>> SummaryAsync(NpgsqlConnection connection,
        NpgsqlTransaction? transaction, SummaryParams request, IReadOnlyList<SearchSpec>? mandatoryFilters = null,
        CancellationToken cancellationToken = default)
    {
        var plan = PlanSummary(request, mandatoryFilters);
        var rows = new List<OrderedDictionary<string, object?>>();
        await using (var run = await GuardedBatch.StartAsync(connection, transaction, plan.RegexPatterns, _options, cancellationToken))
        {
            run.Add(plan.Sql, plan.Parameters);
            await run.ExecuteAsync(async reader =>
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var row = SearchRows.Read(reader, plan.Columns);
                    row["count"] = reader.GetInt64(plan.Columns.Count);
                    rows.Add(row);
                }
            });
        }
        return rows;
    }
}
