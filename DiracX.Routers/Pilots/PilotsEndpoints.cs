using DiracX.Core.Configuration;
using DiracX.Core.Models;
using DiracX.Db.Search;
using DiracX.Logic.Pilots;
using DiracX.Routers.Infrastructure.Authentication;
using DiracX.Routers.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DiracX.Routers.Pilots;

/// <summary>The services the pilot routes share.</summary>
/// <param name="Policy">The pilot management access policy.</param>
/// <param name="Stores">PilotAgentsDB and JobDB of the request's unit of work, and the clock.</param>
/// <param name="Config">The DiracX configuration.</param>
/// <param name="Settings">The limits of the pilot routes.</param>
public sealed record PilotsServices(PilotManagementAccessPolicy Policy, PilotStores Stores, ConfigProvider Config, IOptions<PilotsSettings> Settings);

/// <summary>Handlers of <c>/api/pilots</c>.</summary>
public static class PilotsEndpoints
{
    /// <summary><c>POST /api/pilots/</c>: registers one pilot (201).</summary>
    [EndpointSummary("Add pilot stamps")]
    [EndpointDescription("Registers a pilot with DiracX's defaults (201). A GenericPilot may register one pilot of its own VO; a "
        + "ServiceAdministrator any. 409 when the stamp exists, 400 for an unknown VO.")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    public static async Task<Created> AddPilotStamps([FromBody] PilotRegistration body, AuthorizedUser user, [AsParameters] PilotsServices services,
        CancellationToken cancellationToken)
    {
        await services.Policy.CheckAsync(user, PilotAction.ManagePilots, new PilotTargets(TargetVo: body.Vo), cancellationToken);
        await PilotManagement.RegisterPilotAsync(body, services.Config.Current.Config, services.Stores, cancellationToken);
        return TypedResults.Created();
    }

    /// <summary><c>PATCH /api/pilots/metadata</c>: sets fields of pilots (204).</summary>
    [EndpointSummary("Update pilot fields")]
    [EndpointDescription("Sets the given fields of each pilot, keyed by stamp, and its LastUpdateTime (204). A GenericPilot may "
        + "change one pilot of its own VO. 404 when a stamp does not exist.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public static async Task<NoContent> UpdatePilotFields([FromBody] Dictionary<string, PilotMetadata> body, AuthorizedUser user,
        [AsParameters] PilotsServices services, CancellationToken cancellationToken)
    {
        Hardening.NullBodyItems.Refuse<PilotMetadata>(body);
        foreach (var (stamp, fields) in body)
        {
            fields.Validate(stamp);
        }
        services.Settings.Value.CheckCount(body.Count);
        await services.Policy.CheckAsync(user, PilotAction.ManagePilots, new PilotTargets(Stamps: body.Keys), cancellationToken);
        await PilotManagement.UpdateMetadataAsync(body, services.Stores, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary><c>POST /api/pilots/jobs</c> (ours): records the jobs a pilot ran (204).</summary>
    [EndpointSummary("Add pilot jobs")]
    [EndpointDescription("Not in DiracX (which records this in code only): records that a pilot ran the given jobs (204); "
        + "repeating a link is harmless. A GenericPilot may link jobs of its own VO to one pilot of its VO. 404 naming unknown jobs or pilot.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public static async Task<NoContent> AddPilotJobs([FromBody] PilotJobsLink body, AuthorizedUser user, [AsParameters] PilotsServices services,
        CancellationToken cancellationToken)
    {
        services.Settings.Value.CheckCount(body.JobIds.Count);
        await services.Policy.CheckAsync(user, PilotAction.ManagePilots, new PilotTargets(Stamps: [body.PilotStamp], JobIds: body.JobIds), cancellationToken);
        await PilotManagement.AddPilotJobsAsync(body, services.Stores, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary><c>POST /api/pilots/search</c>: pilots matching the filters, a page at a time.</summary>
    [EndpointSummary("Search pilots")]
    [EndpointDescription("Searches pilots with filters (and the JobID pseudo-filter: the pilots that ran those jobs), sort, distinct and "
        + "pagination (206 with Content-Range: pilots a-b/N when partial, 416 past the end). Callers see their VO's pilots; "
        + "ServiceAdministrators all. GenericPilots may not search.")]
    public static async Task<SearchPageResult> Search(AuthorizedUser user, [AsParameters] PilotsServices services,
        [FromBody] SearchParams? body, CancellationToken cancellationToken, int page = 1, int per_page = SearchPaging.DefaultPerPage)
    {
        var paging = SearchPaging.Create(page, per_page);
        await services.Policy.CheckAsync(user, PilotAction.ReadPilotMetadata, null, cancellationToken);
        return new SearchPageResult(await PilotSearch.SearchAsync(services.Stores.Pilots, Caller(user), body ?? new SearchParams(), paging, cancellationToken));
    }

    /// <summary><c>POST /api/pilots/summary</c>: counts of pilots grouped by the given columns.</summary>
    [EndpointSummary("Summarise pilots")]
    [EndpointDescription("Counts pilots grouped by the given columns, with the same filters and scoping as search.")]
    public static async Task<JsonHttpResult<IReadOnlyList<OrderedDictionary<string, object?>>>> Summary(SummaryParams body, AuthorizedUser user,
        [AsParameters] PilotsServices services, CancellationToken cancellationToken)
    {
        await services.Policy.CheckAsync(user, PilotAction.ReadPilotMetadata, null, cancellationToken);
        return TypedResults.Json(await PilotSearch.SummaryAsync(services.Stores.Pilots, Caller(user), body, cancellationToken));
    }

    private static PilotSearchCaller Caller(AuthorizedUser user) => new(user.Vo, [.. user.Properties]);
}
