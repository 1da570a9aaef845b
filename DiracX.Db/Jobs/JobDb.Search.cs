using DiracX.Core.Models;
using DiracX.Db.Infrastructure;
using DiracX.Db.Search;

namespace DiracX.Db.Jobs;

public partial class JobDb
{
    private static readonly SearchEngine s_jobsSearch = new(JobsSearchTable.Table);

    /// <summary>
    /// One page of the <c>Jobs</c> table matching the request and every one of <paramref name="mandatoryFilters"/>
    /// (the caller's scope, which the request cannot remove), on the context's connection and transaction.
    /// </summary>
    /// <exception cref="Core.Errors.DiracException">400: unknown column, unparsable value, invalid or too slow regex.</exception>
    public virtual async Task<SearchPage> SearchAsync(SearchParams request, SearchPaging? paging, IReadOnlyList<SearchSpec> mandatoryFilters,
        CancellationToken cancellationToken, SearchRowFormat format = SearchRowFormat.Values)
    {
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        return await s_jobsSearch.SearchAsync(connection, Connections.TransactionOf(DbName), request, paging, mandatoryFilters, format, cancellationToken);
    }

    /// <summary>Counts of <c>Jobs</c> rows grouped by the requested columns, within <paramref name="mandatoryFilters"/>.</summary>
    /// <exception cref="Core.Errors.DiracException">400: unknown column, unparsable value, invalid or too slow regex.</exception>
    public virtual async Task<IReadOnlyList<OrderedDictionary<string, object?>>> SummaryAsync(SummaryParams request,
        IReadOnlyList<SearchSpec> mandatoryFilters, CancellationToken cancellationToken)
    {
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        return await s_jobsSearch.SummaryAsync(connection, Connections.TransactionOf(DbName), request, mandatoryFilters, cancellationToken);
    }
}
