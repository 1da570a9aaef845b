using DiracX.Core.Configuration;
using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Db.Jobs;
using DiracX.Routers.Configuration;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Middleware;
using DiracX.Routers.Infrastructure.Routing;
using Microsoft.AspNetCore.Http;

namespace DiracX.Routers.Tests.Extension;

/// <summary>A second extension module, registered last: it replaces one route and raises the minimum client version.</summary>
public sealed class LollygagOverridesModule : IDiracXModule
{
    public string Name => "lollygag";

    public void Register(DiracXModuleContext context)
    {
        context.Map("GET", "/api/lollygag/motto/", MottoOverride, RouteAccess.Open,
            "The motto (override)", "The replacement of the lollygag motto route.");
        context.Registry<ClientVersionPolicy>().Require("0.0.5");
        context.Registry<AccessPolicyRegistry>().Add<LollygagAccessPolicy, StricterLollygagAccessPolicy>(LollygagAccessPolicy.PolicyName);
        // Database services are keyed too: every jobs route now receives the extension's JobDb.
        context.Registry<DatabaseRegistry>().AddService<JobDb, LollygagJobDb>();
        // A security property of the extension, and a configuration field (gubbins' GubbinsSpecificInfo).
        var schema = context.ConfigSchema();
        schema.Properties.Add("GubbinsSensei");
        schema.AddField<UserConfig, string?>("GubbinsSpecificInfo", null);
    }

    public static IResult MottoOverride() => TypedResults.Ok(new Dictionary<string, object> { ["motto"] = "overridden" });
}
