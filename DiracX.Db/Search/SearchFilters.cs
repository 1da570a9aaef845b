using System.Text.RegularExpressions;
using DiracX.Core.Errors;
using DiracX.Core.Models;
using DiracX.Db.Infrastructure;
using NpgsqlTypes;

namespace DiracX.Db.Search;

/// <summary>
/// Turns filters into one SQL condition. Every predicate compares the raw column with typed parameters (no function
/// around an indexed column), so PostgreSQL can use indexes; partial dates become half-open ranges as in DiracX.
/// </summary>
internal static class SearchFilters
{
    /// <summary>The condition ANDing every filter, or null when there is none.</summary>
    /// <exception cref="DiracException">400 with DiracX's messages for unknown columns and invalid values.</exception>
    public static string? Build(SearchTable table, IEnumerable<SearchSpec> filters, SqlParameters parameters)
    {
        var conditions = filters.Select(f => Condition(table, f, parameters)).ToList();
        return conditions.Count == 0 ? null : string.Join(" AND ", conditions.Select(c => "(" + c + ")"));
    }

    private static string Condition(SearchTable table, SearchSpec filter, SqlParameters parameters)
    {
        var column = table.Find(filter.Parameter) ?? throw new DiracException($"Unknown column {filter.Parameter}");
        if (column.Type == SearchColumnType.DateTime && PartialDateCondition(column, filter, parameters) is { } dated)
        {
            return dated;
        }
        var sql = NpgsqlSql.Quote(column.SqlName);
        var type = SearchValues.DbType(column.Type);
        switch (filter.Operator)
        {
            case SearchOperator.In or SearchOperator.NotIn:
                var array = parameters.Add(SearchValues.ConvertAll(column, filter.Values!), NpgsqlDbType.Array | type);
                return filter.Operator == SearchOperator.In ? $"{sql} = ANY({array})" : $"{sql} <> ALL({array})";
            case SearchOperator.Like or SearchOperator.NotLike:
                var pattern = parameters.Add(filter.Value!.Value.ToString(), NpgsqlDbType.Text);
                return $"{AsText(column)} {(filter.Operator == SearchOperator.Like ? "LIKE" : "NOT LIKE")} {pattern}";
            case SearchOperator.Regex:
                var regex = parameters.Add(ValidatedRegex(filter.Value!.Value), NpgsqlDbType.Text);
                return $"{AsText(column)} ~ {regex}";
            default:
                var value = parameters.Add(SearchValues.Convert(column, filter.Value!.Value), type);
                return $"{sql} {Comparison(filter.Operator)} {value}";
        }
    }

    /// <summary>The range condition of a partial-date filter; null when the values are instants (plain comparison).</summary>
    private static string? PartialDateCondition(SearchColumn column, SearchSpec filter, SqlParameters parameters)
    {
        var values = filter.Values ?? [filter.Value!.Value];
        if (values.Count == 0 || values.All(v => v.Timestamp is not null))
        {
            return null;
        }
        // As DiracX: every value is parsed first, then mixed precisions (instants included) are refused.
        var dates = values.Select(v => v switch
        {
            { Text: { } text } => PartialDate.Parse(text),
            { Number: { } number } => throw new DiracException($"Cannot parse value={number}"),
            _ => (PartialDate?)null,
        }).ToList();
        if (dates.Any(d => d is null) || dates.Select(d => d!.Value.Precision).Distinct().Count() > 1)
        {
            throw new DiracException($"Cannot mix different time resolutions in query={PythonRepr.Of(filter)}");
        }
        var sql = NpgsqlSql.Quote(column.SqlName);
        string Start(PartialDate d) => parameters.Add(d.Start, NpgsqlDbType.TimestampTz);
        string End(PartialDate d) => parameters.Add(d.End, NpgsqlDbType.TimestampTz);
        string Inside(PartialDate d) => $"{sql} >= {Start(d)} AND {sql} < {End(d)}";
        string Outside(PartialDate d) => $"({sql} < {Start(d)} OR {sql} >= {End(d)})";
        return filter.Operator switch
        {
            SearchOperator.Equal => Inside(dates[0]!.Value),
            SearchOperator.NotEqual => Outside(dates[0]!.Value),
            SearchOperator.GreaterThan => $"{sql} >= {End(dates[0]!.Value)}",
            SearchOperator.LessThan => $"{sql} < {Start(dates[0]!.Value)}",
            SearchOperator.In => string.Join(" OR ", dates.Select(d => "(" + Inside(d!.Value) + ")")),
            SearchOperator.NotIn => string.Join(" AND ", dates.Select(d => Outside(d!.Value))),
            _ => throw new DiracException($"Operator '{filter.Operator.WireName()}' is not supported for partial datetime values"),
        };
    }

    private static string Comparison(SearchOperator op) => op switch
    {
        SearchOperator.Equal => "=",
        SearchOperator.NotEqual => "<>",
        SearchOperator.GreaterThan => ">",
        SearchOperator.LessThan => "<",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    // LIKE and regex work on text; other types are cast (such predicates cannot use a b-tree index anyway).
    private static string AsText(SearchColumn column) =>
        column.Type == SearchColumnType.Text ? NpgsqlSql.Quote(column.SqlName) : $"CAST({NpgsqlSql.Quote(column.SqlName)} AS text)";

    /// <summary>DiracX validates patterns with Python's <c>re</c>; .NET's dialect is the closest at hand.</summary>
    private static string ValidatedRegex(SearchValue value)
    {
        var pattern = value.ToString();
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return pattern;
        }
        catch (ArgumentException e)
        {
            throw new DiracException($"Invalid regex {pattern}", innerException: e);
        }
    }
}
