using System.Globalization;

namespace DiracX.Db.Search;

/// <summary>How a page relates to the whole result, which decides the HTTP status.</summary>
public enum SearchPageKind
{
    /// <summary>Every matching row is in the page (or none matched): 200 without <c>Content-Range</c>.</summary>
    Complete,
    /// <summary>Some of the matching rows: 206 with <c>Content-Range: unit first-last/total</c>.</summary>
    Partial,
    /// <summary>The page is past the end while rows matched: 416 with <c>Content-Range: unit */total</c>.</summary>
    OutOfRange,
}

/// <summary>One page of search results with what the HTTP layer needs for DiracX's status and <c>Content-Range</c>.</summary>
/// <param name="Rows">The rows: DiracX column names to values (null, string, int/long, double, bool, UTC <see cref="DateTimeOffset"/>), in table order; empty when <see cref="Json"/> holds them.</param>
/// <param name="Total">How many rows match (distinct rows when <c>distinct</c>).</param>
/// <param name="First">The zero-based index of the first row of the page in the whole result.</param>
/// <param name="Unit">The unit of <c>Content-Range</c> (<c>jobs</c>, <c>pilots</c>).</param>
/// <param name="PseudoParameters">Pseudo-parameters the request asked for (e.g. <c>LoggingInfo</c>), for the caller to add.</param>
public sealed record SearchPage(
    IReadOnlyList<OrderedDictionary<string, object?>> Rows,
    long Total,
    long First,
    string Unit,
    IReadOnlyList<string> PseudoParameters) : IDisposable
{
    /// <summary>
    /// The rows already written as JSON (<see cref="SearchRowFormat.Json"/>), or null when they are in <see cref="Rows"/>.
    /// They sit in pooled segments until the page is disposed.
    /// </summary>
    public SearchJsonRows? Json { get; init; }

    /// <summary>Returns the segments of <see cref="Json"/> to their pool.</summary>
    public void Dispose() => Json?.Dispose();

    /// <summary>How many rows the page holds.</summary>
    public int RowCount => Json?.Count ?? Rows.Count;

    /// <summary>The zero-based index of the last row of the page (DiracX's <c>min(first + len, total) - 1</c>).</summary>
    public long Last => Math.Min(First + RowCount, Total) - 1;

    /// <summary>How the page relates to the whole result (DiracX's router rules).</summary>
    public SearchPageKind Kind =>
        RowCount == 0 && Total > 0 ? SearchPageKind.OutOfRange
        : RowCount < Total ? SearchPageKind.Partial
        : SearchPageKind.Complete;

    /// <summary>The <c>Content-Range</c> header value, or null when none is sent.</summary>
    public string? ContentRange => Kind switch
    {
        SearchPageKind.OutOfRange => string.Create(CultureInfo.InvariantCulture, $"{Unit} */{Total}"),
        SearchPageKind.Partial => string.Create(CultureInfo.InvariantCulture, $"{Unit} {First}-{Last}/{Total}"),
        _ => null,
    };
}
