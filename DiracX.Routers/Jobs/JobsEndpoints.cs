using DiracX.Core.Configuration;
using DiracX.Core.Jdl;
using DiracX.Core.Models;
using DiracX.Db.Jobs;
using DiracX.Db.Pilots;
using DiracX.Db.Search;
using DiracX.Logic.Jobs;
using DiracX.Routers.Infrastructure.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DiracX.Routers.Jobs;

/// <summary>The services the job routes share (an [AsParameters] bag keeps the handlers readable).</summary>
/// <param name="Policy">The WMS access policy.</param>
/// <param name="Stores">The job databases of the request's unit of work, and the clock.</param>
/// <param name="Config">The DiracX configuration.</param>
/// <param name="Settings">The limits of the job routes.</param>
public sealed record JobsServices(
    WmsAccessPolicy Policy,
    StatusStores Stores,
    ConfigProvider Config,
    IOptions<JobsSettings> Settings);

/// <summary>Handlers of <c>/api/jobs</c>: submission, search and summary.</summary>
public static partial class JobsEndpoints
{
    /// <summary><c>POST /api/jobs/jdl</c>: submit one or more JDLs (or one parametric JDL).</summary>
    [EndpointSummary("Submit JDL jobs")]
    [EndpointDescription("Submits one or more JDLs, or one parametric JDL, and returns the new jobs (201). At most "
        + "DiracX:Jobs:MaxJobsPerSubmission jobs (DiracX: 20) per request. The SB: sandboxes named in a job's InputSandbox must be "
        + "the submitter's (400 naming the PFN otherwise) and are assigned to the job.")]
    public static async Task<Created<IReadOnlyList<InsertedJob>>> SubmitJdlJobs(string[] jdls, AuthorizedUser user,
        [AsParameters] JobsServices services, CancellationToken cancellationToken)
    {
        await services.Policy.CheckAsync(user, WmsAction.Create, null, cancellationToken);
        return TypedResults.Created((string?)null, await JobSubmission.SubmitJdlJobsAsync(jdls, new JobOwner(user.PreferredUsername, user.DiracGroup, user.Vo),
            services.Config.Current.Config, services.Settings.Value.SubmissionLimits, services.Stores.Jobs, services.Stores.Logging, services.Stores.Sandboxes,
            services.Stores.Time,
            cancellationToken));
    }

    /// <summary>
    /// <c>POST /api/jobs/search</c>: jobs matching the filters, a page at a time: 200 when complete, 206 with
    /// <c>Content-Range: jobs a-b/N</c> when partial, 416 with <c>Content-Range: jobs */N</c> past the end.
    /// </summary>
    [EndpointSummary("Search jobs")]
    [EndpointDescription("Searches jobs with filters, sort, distinct and pagination (206 with Content-Range when partial, 416 past the end). "
        + "Users see the jobs of their VO (only their own when GlobalJobsInfo is false); JobAdministrators see all. "
        + "The PilotStamp pseudo-filter (eq or in) selects the jobs those pilots ran.")]
    public static async Task<SearchPageResult> Search(AuthorizedUser user, [AsParameters] JobsServices services, PilotAgentsDb pilots,
        [FromBody] SearchParams? body, CancellationToken cancellationToken, int page = 1, int per_page = SearchPaging.DefaultPerPage)
    {
        var paging = SearchPaging.Create(page, per_page);
        await services.Policy.CheckAsync(user, WmsAction.Query, null, cancellationToken);
        return new SearchPageResult(await JobSearch.SearchAsync(services.Stores.Jobs, services.Stores.Logging, pilots, Caller(user),
            services.Config.Current.Config, body ?? new SearchParams(), paging, cancellationToken));
    }

    /// <summary><c>POST /api/jobs/summary</c>: counts of jobs grouped by the given columns.</summary>
    [EndpointSummary("Summarise jobs")]
    [EndpointDescription("Counts jobs grouped by the given columns, with the same filters and scoping as search.")]
    public static async Task<JsonHttpResult<IReadOnlyList<OrderedDictionary<string, object?>>>> Summary(SummaryParams body, AuthorizedUser user,
        [AsParameters] JobsServices services, PilotAgentsDb pilots, CancellationToken cancellationToken)
    {
        await services.Policy.CheckAsync(user, WmsAction.Query, null, cancellationToken);
        return TypedResults.Json(await JobSearch.SummaryAsync(services.Stores.Jobs, pilots, Caller(user), services.Config.Current.Config, body, cancellationToken));
    }

    private static JobSearchCaller Caller(AuthorizedUser user) => new(user.Vo, user.PreferredUsername, [.. user.Properties]);
}
