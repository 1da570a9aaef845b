using System.Globalization;
using System.Text.Json;
using DiracX.Client;
using DiracX.Client.Operations;
using DiracX.Core.Models;

namespace DiracX.Api.Jobs;

/// <summary>
/// A fluent job search: <c>api.Jobs.Search().Where("Status", "eq", "Running").Select("JobID", "Status")
/// .OrderBy("JobID").Page(1, 50).ExecuteAsync()</c>.
/// </summary>
public sealed class JobSearch
{
    private readonly DiracXClient _client;
    private readonly List<SearchSpec> _search = [];
    private readonly List<SortSpec> _sort = [];
    private List<string>? _parameters;
    private bool _distinct;
    private int _page = 1;
    private int _perPage = 100;

    internal JobSearch(DiracXClient client) => _client = client;

    /// <summary>Adds a filter with a scalar operator (<c>eq</c>, <c>neq</c>, <c>gt</c>, <c>lt</c>, <c>like</c>, ...).</summary>
    public JobSearch Where(string parameter, string op, SearchValue value) =>
        Where(SearchSpec.Scalar(parameter, ParseOperator(op), value));

    /// <summary>Adds a filter with a vector operator (<c>in</c>, <c>not in</c>).</summary>
    public JobSearch Where(string parameter, string op, IEnumerable<SearchValue> values) =>
        Where(SearchSpec.Vector(parameter, ParseOperator(op), values));

    /// <summary>Adds a filter.</summary>
    public JobSearch Where(SearchSpec spec)
    {
        _search.Add(spec);
        return this;
    }

    /// <summary>Adds a condition written as DiracX's CLI takes it: <c>"Status eq Running"</c>, <c>"JobID in [1,2]"</c>.</summary>
    /// <exception cref="FormatException">The condition cannot be read.</exception>
    public JobSearch Where(string condition) => Where(ParseCondition(condition));

    /// <summary>The jobs of <paramref name="jobIds"/>.</summary>
    public JobSearch WithIds(IEnumerable<long> jobIds) => Where(SearchSpec.In("JobID", jobIds.Select(SearchValue.Of)));

    /// <summary>The columns to return (default: all).</summary>
    public JobSearch Select(params IEnumerable<string> parameters)
    {
        (_parameters ??= []).AddRange(parameters);
        return this;
    }

    /// <summary>Sorts by a column.</summary>
    public JobSearch OrderBy(string parameter, bool descending = false)
    {
        _sort.Add(new SortSpec(parameter, descending ? SortDirection.Desc : SortDirection.Asc));
        return this;
    }

    /// <summary>Returns distinct rows only.</summary>
    public JobSearch Distinct(bool distinct = true)
    {
        _distinct = distinct;
        return this;
    }

    /// <summary>The page (from 1) and its size.</summary>
    public JobSearch Page(int page, int perPage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perPage, 1);
        (_page, _perPage) = (page, perPage);
        return this;
    }

    /// <summary>The request body this search sends.</summary>
    public SearchParams ToParams() => new() { Parameters = _parameters, Search = [.. _search], Sort = [.. _sort], Distinct = _distinct };

    /// <summary>Runs the search (one page).</summary>
    public Task<JobSearchPage> ExecuteAsync(CancellationToken cancellationToken = default) =>
        _client.JobQueries.SearchAsync(ToParams(), _page, _perPage, cancellationToken);

    /// <summary>Runs the search page after page until every matching job has been returned.</summary>
    public async IAsyncEnumerable<JsonElement> ExecuteAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var page = _page; ; page++)
        {
            var result = await _client.JobQueries.SearchAsync(ToParams(), page, _perPage, cancellationToken).ConfigureAwait(false);
            foreach (var row in result.Rows)
            {
                yield return JsonSerializer.SerializeToElement(row);
            }
            if (result.ContentRange is null || result.Rows.Count < _perPage || (long)page * _perPage >= result.Total)
            {
                yield break;
            }
        }
    }

    /// <summary>Reads <c>"Parameter operator value"</c>; vector operators take a JSON list (<c>JobID in [1,2]</c>).</summary>
    /// <exception cref="FormatException">The condition cannot be read.</exception>
    public static SearchSpec ParseCondition(string condition)
    {
        var text = condition.Trim();
        var firstSpace = text.IndexOf(' ', StringComparison.Ordinal);
        if (firstSpace <= 0)
        {
            throw new FormatException($"Invalid condition '{condition}': expected 'Parameter operator value'");
        }
        var parameter = text[..firstSpace];
        var rest = text[(firstSpace + 1)..].TrimStart();
        // "not in" and "not like" are the operators with a space.
        string op;
        if (rest.StartsWith("not ", StringComparison.Ordinal) && rest.IndexOf(' ', 4) is var end and > 4)
        {
            op = rest[..end];
            rest = rest[(end + 1)..];
        }
        else
        {
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                throw new FormatException($"Invalid condition '{condition}': expected 'Parameter operator value'");
            }
            op = rest[..space];
            rest = rest[(space + 1)..];
        }
        var searchOperator = ParseOperator(op);
        var value = rest.Trim();
        if (searchOperator.IsVector())
        {
            try
            {
                using var list = JsonDocument.Parse(value);
                if (list.RootElement.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException($"Invalid condition '{condition}': '{op}' takes a JSON list, e.g. [1, 2]");
                }
                return SearchSpec.Vector(parameter, searchOperator, list.RootElement.EnumerateArray().Select(FromJson).ToList());
            }
            catch (JsonException)
            {
                throw new FormatException($"Invalid condition '{condition}': '{op}' takes a JSON list, e.g. [1, 2]");
            }
        }
        return SearchSpec.Scalar(parameter, searchOperator, ScalarOf(value));
    }

    private static SearchValue ScalarOf(string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? SearchValue.Of(number) : SearchValue.Of(value);

    private static SearchValue FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetInt64(out var n) => SearchValue.Of(n),
        JsonValueKind.String => SearchValue.Of(element.GetString()!),
        _ => SearchValue.Of(element.GetRawText()),
    };

    private static SearchOperator ParseOperator(string op) =>
        SearchOperators.Parse(op) ?? throw new FormatException(
            $"Unknown operator '{op}' (one of: {string.Join(", ", Enum.GetValues<SearchOperator>().Select(o => o.WireName()))})");
}
