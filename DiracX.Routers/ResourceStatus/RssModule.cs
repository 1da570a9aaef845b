using System.Text.Json.Serialization.Metadata;
using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Db.ResourceStatus;
using DiracX.Routers.Hardening;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.ResourceStatus;

/// <summary>
/// The <c>rss</c> system: the status of storage elements, computing elements, sites and FTS servers, served from the
/// shared snapshot (the read routes open no database connection unless the snapshot is reloaded), and our admin route.
/// </summary>
public sealed class RssModule : IDiracXModule
{
    private static readonly RequestBodyLimit s_adminBody = new(_ => 8L * 1024 * 1024);

    /// <inheritdoc />
    public string Name => "rss";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        new ResourceStatusDbModule().Register(context);
        context.Registry<AccessPolicyRegistry>().Add<RssAccessPolicy>(RssAccessPolicy.PolicyName);
        context.Services.AddOptions<ResourceStatusSeedSettings>().BindConfiguration(ResourceStatusSeedSettings.Section);
        context.Services.AddHostedService<ResourceStatusSeed>();
        context.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => o.SerializerOptions.TypeInfoResolver =
            JsonTypeInfoResolver.WithAddedModifier(o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver(),
                Core.Models.ResourceAccessStatus.OmitWarningsWhenBanned));
        var rss = RouteAccess.WithPolicy(RssAccessPolicy.PolicyName);
        context.Map("GET", "/api/rss/storage", RssEndpoints.GetStorageStatus, rss);
        context.Map("GET", "/api/rss/compute", RssEndpoints.GetComputeStatus, rss);
        context.Map("GET", "/api/rss/site", RssEndpoints.GetSiteStatus, rss);
        context.Map("GET", "/api/rss/fts", RssEndpoints.GetFtsStatus, rss);
        context.Map("PATCH", "/api/rss/statuses", RssEndpoints.SetResourceStatuses, rss, r => r with
        {
            Databases = [DbNames.ResourceStatusDb],
            Configure = b => { r.Configure?.Invoke(b); b.WithMetadata(s_adminBody); },
        });
    }
}
