using DiracX.Core.Configuration;
using DiracX.Core.Models;
using DiracX.Db.JobLogging;
using DiracX.Db.Jobs;
using DiracX.Db.Search;
using DiracX.Logic.Jobs;
using DiracX.Routers.Infrastructure.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DiracX.Routers.Jobs;

/// <summary>The services the job routes share (an [AsParameters] bag keeps the handlers readable).</summary>
public sealed record JobsServices(
    WmsAccessPolicy Policy,
    JobDbContext JobsContext,
    JobDb Jobs,
    JobLoggingDb Logging,
    ConfigProvider Config,
    IOptions<JobsSettings> Settings,
    TimeProvider Time);

/// <summary>Handlers of <c>/api/jobs</c>: submission, search and summary.</summary>
public static partial class JobsEndpoints
{
    /// <summary><c>POST /api/jobs/jdl</c>: submit one or more JDLs (or one parametric JDL).</summary>
    public static async Task<IResult> SubmitJdlJobs(string[] jdls, AuthorizedUser user, [AsParameters] JobsServices services,
        CancellationToken cancellationToken)
    {
        await services.Policy.CheckAsync(user, WmsAction.Create, null, cancellationToken);
        var settings = JobSubmissionRules.For(services.Config.Current.Config, user.Vo,
            services.Settings.Value.MaxJobsPerSubmission, services.Settings.Value.MaxJdlBytes);
        var inserted = await JobSubmission.SubmitJdlJobsAsync(jdls, new Core.Jdl.JobOwner(user.PreferredUsername, user.DiracGroup, user.Vo),
            settings, services.Jobs, services.Logging, services.Time, cancellationToken);
        return TypedResults.Json(inserted, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// <c>POST /api/jobs/search</c>: jobs matching the filters, a page at a time: 200 when complete, 206 with
    /// <c>Content-Range: jobs a-b/N</c> when partial, 416 with <c>Content-Range: jobs */N</c> past the end.
    /// </summary>
    public static async Task<IResult> Search(AuthorizedUser user, [AsParameters] JobsServices services, HttpContext context,
        [FromBody] SearchParams? body, CancellationToken cancellationToken, int page = 1, int per_page = SearchPaging.DefaultPerPage)
    {
        var paging = SearchPaging.Create(page, per_page);
        await services.Policy.CheckAsync(user, WmsAction.Query, null, cancellationToken);
        var result = await JobSearch.SearchAsync(services.JobsContext, Caller(user), services.Config.Current.Config,
            body ?? new SearchParams(), paging, cancellationToken);
        if (result.PseudoParameters.Contains(StatusHistory.PseudoParameter))
        {
            await StatusHistory.AddLoggingInfoAsync(result.Rows, services.Logging, cancellationToken);
        }
        if (result.ContentRange is { } range)
        {
            context.Response.Headers.ContentRange = range;
        }
        return result.Kind switch
        {
            SearchPageKind.Partial => TypedResults.Json(result.Rows, statusCode: StatusCodes.Status206PartialContent),
            SearchPageKind.OutOfRange => TypedResults.Json(Array.Empty<object>(), statusCode: StatusCodes.Status416RangeNotSatisfiable),
            _ => TypedResults.Ok(result.Rows),
        };
    }

    /// <summary><c>POST /api/jobs/summary</c>: counts of jobs grouped by the given columns.</summary>
    public static async Task<IResult> Summary(SummaryParams body, AuthorizedUser user, [AsParameters] JobsServices services,
        CancellationToken cancellationToken)
    {
        await services.Policy.CheckAsync(user, WmsAction.Query, null, cancellationToken);
        return TypedResults.Ok(await JobSearch.SummaryAsync(services.JobsContext, Caller(user), services.Config.Current.Config, body, cancellationToken));
    }

    private static JobSearchCaller Caller(AuthorizedUser user) => new(user.Vo, user.PreferredUsername, [.. user.Properties]);
}
