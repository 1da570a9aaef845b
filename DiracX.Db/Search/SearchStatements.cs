using Npgsql;

namespace DiracX.Db.Search;

/// <summary>The SQL a search runs: the total count, then the page (one round trip when run as a batch).</summary>
/// <param name="CountSql">The <c>SELECT count(*)</c> over the filtered (distinct) rows.</param>
/// <param name="CountParameters">Parameters of <paramref name="CountSql"/>.</param>
/// <param name="PageSql">The page query, ordered, with LIMIT/OFFSET when paged.</param>
/// <param name="PageParameters">Parameters of <paramref name="PageSql"/>.</param>
/// <param name="Columns">The selected columns, in table order.</param>
/// <param name="PseudoParameters">Requested pseudo-parameters, for the caller to fill.</param>
/// <param name="RegexPatterns">Regular expressions in the filters; when any, the statements run under a time limit.</param>
public sealed record SearchStatements(
    string CountSql,
    IReadOnlyList<NpgsqlParameter> CountParameters,
    string PageSql,
    IReadOnlyList<NpgsqlParameter> PageParameters,
    IReadOnlyList<SearchColumn> Columns,
    IReadOnlyList<string> PseudoParameters,
    IReadOnlyList<string> RegexPatterns);

/// <summary>The SQL a summary runs.</summary>
/// <param name="Sql">The grouped count.</param>
/// <param name="Parameters">Its parameters.</param>
/// <param name="Columns">The grouping columns, in table order.</param>
/// <param name="RegexPatterns">Regular expressions in the filters.</param>
public sealed record SummaryStatement(
    string Sql,
    IReadOnlyList<NpgsqlParameter> Parameters,
    IReadOnlyList<SearchColumn> Columns,
    IReadOnlyList<string> RegexPatterns);
