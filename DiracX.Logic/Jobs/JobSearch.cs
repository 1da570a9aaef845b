using DiracX.Core.Configuration;
using DiracX.Core.Errors;
using DiracX.Core.Models;
using DiracX.Core.Security;
using DiracX.Db.JobLogging;
using DiracX.Db.Jobs;
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

    /// <summary>One page of jobs matching the request, within the caller's scope, with their status history when asked for.</summary>
    public static async Task<SearchPage> SearchAsync(JobDb jobs, JobLoggingDb logging, JobSearchCaller caller, Config config,
        SearchParams request, SearchPaging paging, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.jobs.search");
        RejectPilotStamp(request.Search);
        ArgumentNullException.ThrowIfNull(jobs);
        var page = await jobs.SearchAsync(request, paging, MandatoryFilters(caller, config), cancellationToken);
        if (page.PseudoParameters.Contains(StatusHistory.PseudoParameter))
        {
            await StatusHistory.AddLoggingInfoAsync(page.Rows, logging, cancellationToken);
        }
        return page;
    }

    /// <summary>Counts of jobs grouped by the requested columns, within the caller's scope.</summary>
    public static async Task<IReadOnlyList<OrderedDictionary<string, object?>>> SummaryAsync(JobDb jobs, JobSearchCaller caller,
        Config config, SummaryParams request, CancellationToken cancellationToken)
    {
        using var activity = DiracXTelemetry.Start("diracx.jobs.summary");
        RejectPilotStamp(request.Search);
        ArgumentNullException.ThrowIfNull(jobs);
        return await jobs.SummaryAsync(request, MandatoryFilters(caller, config), cancellationToken);
    }

    // The PilotStamp pseudo-filter needs the pilot tables, which do not exist yet; until then it is a clear 400.
    private static void RejectPilotStamp(IEnumerable<SearchSpec> search)
    {
        if (search.Any(s => s.Parameter == "PilotStamp"))
        {
            throw new DiracException("Searching jobs by PilotStamp needs the pilots system, which this installation does not provide yet");
        }
    }
}
