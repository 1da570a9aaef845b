using DiracX.Core.Models;
using DiracX.Db.ResourceStatus;
using DiracX.Logic.ResourceStatus;
using DiracX.Routers.Infrastructure.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DiracX.Routers.ResourceStatus;

/// <summary>The services the RSS routes share.</summary>
/// <param name="Policy">The RSS access policy.</param>
/// <param name="Snapshots">The snapshot every replica shares.</param>
/// <param name="Db">ResourceStatusDB (read only when the snapshot is reloaded).</param>
/// <param name="Time">The clock.</param>
public sealed record RssServices(RssAccessPolicy Policy, IResourceStatusSnapshotStore Snapshots, ResourceStatusDb Db, TimeProvider Time);

/// <summary>Handlers of <c>/api/rss</c>.</summary>
public static class RssEndpoints
{
    private const string Caching = " ETag (<revision>-<vo>), Last-Modified and Vary: Authorization; 304 when unchanged.";

    /// <summary><c>GET /api/rss/storage</c>.</summary>
    [EndpointSummary("Get storage status")]
    [EndpointDescription("The read, write, check and remove status of each storage element, as seen by the caller's VO." + Caching)]
    public static async Task<CachedStatusResult<StorageElementStatus>> GetStorageStatus(AuthorizedUser user, [AsParameters] RssServices services,
        CancellationToken cancellationToken)
    {
        services.Policy.Check(user, RssAction.Read);
        return new(await ResourceStatusQueries.GetStorageStatusesAsync(services.Snapshots, services.Db, user.Vo, cancellationToken), user.Vo);
    }

    /// <summary><c>GET /api/rss/compute</c>.</summary>
    [EndpointSummary("Get compute status")]
    [EndpointDescription("The status of each computing element, as seen by the caller's VO." + Caching)]
    public static async Task<CachedStatusResult<OverallStatus>> GetComputeStatus(AuthorizedUser user, [AsParameters] RssServices services,
        CancellationToken cancellationToken)
    {
        services.Policy.Check(user, RssAction.Read);
        return new(await ResourceStatusQueries.GetComputeStatusesAsync(services.Snapshots, services.Db, user.Vo, cancellationToken), user.Vo);
    }

    /// <summary><c>GET /api/rss/site</c>.</summary>
    [EndpointSummary("Get site status")]
    [EndpointDescription("The status of each site, as seen by the caller's VO." + Caching)]
    public static async Task<CachedStatusResult<OverallStatus>> GetSiteStatus(AuthorizedUser user, [AsParameters] RssServices services,
        CancellationToken cancellationToken)
    {
        services.Policy.Check(user, RssAction.Read);
        return new(await ResourceStatusQueries.GetSiteStatusesAsync(services.Snapshots, services.Db, user.Vo, cancellationToken), user.Vo);
    }

    /// <summary><c>GET /api/rss/fts</c>.</summary>
    [EndpointSummary("Get FTS status")]
    [EndpointDescription("The status of each FTS server, as seen by the caller's VO." + Caching)]
    public static async Task<CachedStatusResult<OverallStatus>> GetFtsStatus(AuthorizedUser user, [AsParameters] RssServices services,
        CancellationToken cancellationToken)
    {
        services.Policy.Check(user, RssAction.Read);
        return new(await ResourceStatusQueries.GetFtsStatusesAsync(services.Snapshots, services.Db, user.Vo, cancellationToken), user.Vo);
    }

    /// <summary><c>PATCH /api/rss/statuses</c> (ours): sets statuses (204).</summary>
    [EndpointSummary("Set resource statuses")]
    [EndpointDescription("Not in DiracX (which reads tables that legacy DIRAC fills): sets site and resource statuses, effective now "
        + "(ServiceAdministrator only; 204). Every replica serves them within 5 seconds.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public static async Task<NoContent> SetResourceStatuses([FromBody] ResourceStatusEntry[] body, AuthorizedUser user, [AsParameters] RssServices services,
        CancellationToken cancellationToken)
    {
        Hardening.NullBodyItems.Refuse<ResourceStatusEntry>(body);
        services.Policy.Check(user, RssAction.Manage);
        await ResourceStatusAdministration.SetStatusesAsync(body, services.Db, services.Snapshots, services.Time, cancellationToken);
        return TypedResults.NoContent();
    }
}
