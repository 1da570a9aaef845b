using DiracX.Core.Errors;
using DiracX.Core.Models;
using DiracX.Core.Security;
using DiracX.Core.Telemetry;
using DiracX.Db.Pilots;
using DiracX.Db.Search;

namespace DiracX.Logic.Pilots;

/// <summary>Who is searching pilots: the part of the token that scopes the search.</summary>
/// <param name="Vo">The caller's VO.</param>
/// <param name="Properties">The caller's properties.</param>
public sealed record PilotSearchCaller(string Vo, IReadOnlyCollection<string> Properties);

/// <summary>
/// Pilot search and summary (DiracX's <c>logic/pilots/query.py</c>) on the jobs' search engine: a caller sees the pilots
/// of their VO, a ServiceAdministrator every pilot. The pseudo-filter <c>JobID</c> (eq or in) selects the pilots that
/// ran those jobs.
/// </summary>
public static class PilotSearch
{
    /// <summary>The pseudo-filter on the jobs a pilot ran.</summary>
    public const string JobIdFilter = "JobID";

    /// <summary>One page of pilots matching the request, within the caller's scope, its rows as JSON.</summary>
    /// <exception cref="DiracException">400: unknown column, bad value or regex, a JobID filter with another operator.</exception>
    public static async Task<SearchPage> SearchAsync(PilotAgentsDb pilots, PilotSearchCaller caller, SearchParams request, SearchPaging paging,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pilots);
        ArgumentNullException.ThrowIfNull(request);
        using var activity = DiracXTelemetry.Start("diracx.pilots.search");
        var search = await ResolveJobIdsAsync(pilots, request.Search, cancellationToken);
        return await pilots.SearchAsync(request with { Search = search }, paging, MandatoryFilters(caller), cancellationToken, SearchRowFormat.Json);
    }

    /// <summary>Counts of pilots grouped by the requested columns, within the caller's scope.</summary>
    /// <exception cref="DiracException">400: unknown column, bad value or regex, a JobID filter with another operator.</exception>
    public static async Task<IReadOnlyList<OrderedDictionary<string, object?>>> SummaryAsync(PilotAgentsDb pilots, PilotSearchCaller caller,
        SummaryParams request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pilots);
        ArgumentNullException.ThrowIfNull(request);
        using var activity = DiracXTelemetry.Start("diracx.pilots.summary");
        var search = await ResolveJobIdsAsync(pilots, request.Search, cancellationToken);
        return await pilots.SummaryAsync(request with { Search = search }, MandatoryFilters(caller), cancellationToken);
    }

    /// <summary>The filters a caller cannot remove: their VO, unless ServiceAdministrator.</summary>
    public static IReadOnlyList<SearchSpec> MandatoryFilters(PilotSearchCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Properties.Contains(SecurityProperty.ServiceAdministrator) ? [] : [SearchSpec.Eq("VO", caller.Vo)];
    }

    // JobID eq/in becomes PilotID in (the pilots that ran those jobs): one statement, and none without the filter.
    private static async Task<IReadOnlyList<SearchSpec>> ResolveJobIdsAsync(PilotAgentsDb pilots, IReadOnlyList<SearchSpec> search,
        CancellationToken cancellationToken)
    {
        var jobFilters = search.Where(s => s.Parameter == JobIdFilter).ToList();
        if (jobFilters.Count == 0)
        {
            return search;
        }
        var jobIds = new HashSet<long>();
        var first = true;
        foreach (var filter in jobFilters)
        {
            var values = filter.Operator switch
            {
                SearchOperator.Equal => [filter.Value!.Value],
                SearchOperator.In => filter.Values!,
                _ => throw new DiracException($"The JobID filter of a pilot search accepts only 'eq' and 'in', not '{filter.Operator.WireName()}'"),
            };
            var ids = values.Select(JobId).ToHashSet();
            // Several JobID filters are ANDed, as every filter is.
            if (first)
            {
                jobIds.UnionWith(ids);
                first = false;
            }
            else
            {
                jobIds.IntersectWith(ids);
            }
        }
        var pilotIds = jobIds.Count == 0 ? [] : await pilots.GetPilotIdsOfJobsAsync(jobIds, cancellationToken);
        return [.. search.Where(s => s.Parameter != JobIdFilter), SearchSpec.In("PilotID", pilotIds.Select(SearchValue.Of))];
    }

    private static long JobId(SearchValue value) =>
        value.Number ?? (long.TryParse(value.Text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new DiracException($"Cannot parse JobID value={value}"));
}
