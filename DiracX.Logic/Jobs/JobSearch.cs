using DiracX.Core.Configuration;
using DiracX.Core.Errors;
using DiracX.Core.Models;
using DiracX.Core.Security;
using DiracX.Db.JobLogging;
using DiracX.Db.Jobs;
using DiracX.Db.Pilots;
using DiracX.Db.Search;
using DiracX.Core.Telemetry;

namespace DiracX.Logic.Jobs;

/// <summary>Who is searching: the part of the token that scopes a job search.</summary>
public sealed record JobSearchCaller(string Vo, string PreferredUsername, IReadOnlyCollection<string> Properties);

/// <summary>
/// Job search and summary (DiracX's logic/jobs/query.py) through <see cref="JobDb"/>, with the scoping that DiracX
/// lacks (quirk A1 in docs/quirks.md): a caller sees only jobs of their own VO, and only their own jobs when the VO's
/// <c>Operations.&lt;vo&gt;.Services.JobMonitoring.GlobalJobsInfo</c> is false; a JobAdministrator sees all jobs.
/// </summary>
public static class JobSearch
{
    /// <summary>The filters a caller cannot remove.</summary>
    public static IReadOnlyList<SearchSpec> MandatoryFilters(JobSearchCaller caller, Config config)
    {
        if (caller.Properties.Contains(SecurityProperty.JobAdministrator))
        {
            return [];
        }
        var global = config.Operations.TryGetValue(caller.Vo, out var operations)
            ? operations.Services.JobMonitoring.GlobalJobsInfo
            : true;
        return global
            ? [SearchSpec.Eq("VO", caller.Vo)]
            : [SearchSpec.Eq("VO", caller.Vo), SearchSpec.Eq("Owner", caller.PreferredUsername)];
    }

    /// <summary>
    /// One page of jobs matching the request, within the caller's scope, with their status history when asked for; the
    /// rows come as JSON unless the history has to be added to them.
    /// </summary>
    public static async Task<SearchPage> SearchAsync(JobDb jobs, JobLoggingDb logging, PilotAgentsDb pilots, JobSearchCaller caller, Config config,
        SearchParams request, SearchPaging paging, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.jobs.search");
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(request);
        var search = await ResolvePilotStampAsync(pilots, request.Search, cancellationToken);
        var page = await jobs.SearchAsync(request with { Search = search }, paging, MandatoryFilters(caller, config), cancellationToken,
            SearchRowFormat.Json);
        if (page.PseudoParameters.Contains(StatusHistory.PseudoParameter))
        {
            await StatusHistory.AddLoggingInfoAsync(page.Rows, logging, cancellationToken);
        }
        return page;
    }

    /// <summary>Counts of jobs grouped by the requested columns, within the caller's scope.</summary>
    public static async Task<IReadOnlyList<OrderedDictionary<string, object?>>> SummaryAsync(JobDb jobs, PilotAgentsDb pilots, JobSearchCaller caller,
        Config config, SummaryParams request, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.jobs.summary");
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(request);
        var search = await ResolvePilotStampAsync(pilots, request.Search, cancellationToken);
        return await jobs.SummaryAsync(request with { Search = search }, MandatoryFilters(caller, config), cancellationToken);
    }

    /// <summary>The pseudo-filter on the pilot that ran the jobs.</summary>
    public const string PilotStampFilter = "PilotStamp";

    /// <summary>
    /// DiracX's PilotStamp pseudo-filter (eq or in): rewritten to <c>JobID in</c> the jobs those pilots ran (one statement;
    /// none without the filter). An unknown stamp matches no job (an empty page, not an error). It cannot be combined
    /// with a JobID filter (400).
    /// </summary>
    private static async Task<IReadOnlyList<SearchSpec>> ResolvePilotStampAsync(PilotAgentsDb pilots, IReadOnlyList<SearchSpec> search,
        CancellationToken cancellationToken)
    {
        var stampFilters = search.Where(s => s.Parameter == PilotStampFilter).ToList();
        if (stampFilters.Count == 0)
        {
            return search;
        }
        ArgumentNullException.ThrowIfNull(pilots);
        if (search.Any(s => s.Parameter == "JobID"))
        {
            throw new DiracException("Cannot search jobs by both PilotStamp and JobID");
        }
        HashSet<string>? stamps = null;
        foreach (var filter in stampFilters)
        {
            var values = filter.Operator switch
            {
                SearchOperator.Equal => [filter.Value!.Value],
                SearchOperator.In => filter.Values!,
                _ => throw new DiracException($"The PilotStamp filter accepts only 'eq' and 'in', not '{filter.Operator.WireName()}'"),
            };
            var these = values.Select(v => v.ToString()).ToHashSet(StringComparer.Ordinal);
            // Several PilotStamp filters are ANDed, as every filter is.
            if (stamps is null)
            {
                stamps = these;
            }
            else
            {
                stamps.IntersectWith(these);
            }
        }
        var jobIds = stamps!.Count == 0 ? [] : await pilots.GetJobIdsOfPilotsAsync(stamps, cancellationToken);
        return [.. search.Where(s => s.Parameter != PilotStampFilter), SearchSpec.In("JobID", jobIds.Select(SearchValue.Of))];
    }
}
