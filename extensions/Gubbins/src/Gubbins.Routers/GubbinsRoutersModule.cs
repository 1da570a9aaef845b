using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Core.Configuration;
using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Routers.Configuration;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Authentication;
using DiracX.Routers.Infrastructure.Routing;
using DiracX.Routers.WellKnown;
using Gubbins.Core;
using Gubbins.Db;
using Gubbins.Logic;
using Gubbins.Routers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

// The routers load this module after DiracX's (DIRACX_EXTENSIONS), so that its routes and replacements win.
[assembly: DiracXExtensionModule(typeof(GubbinsRoutersModule), DiracXHosts.Routers)]

namespace Gubbins.Routers;

/// <summary>
/// Gubbins in the routers (DiracX's gubbins-routers): its databases (and GubbinsJobDb in place of JobDb), the
/// <c>/api/lollygag</c> routes under <see cref="LollygagAccessPolicy"/>, the <c>GubbinsSensei</c> property, the
/// <c>GubbinsSpecificInfo</c> user field, and its own <c>/.well-known/dirac-metadata</c>.
/// </summary>
public sealed class GubbinsRoutersModule : IDiracXModule
{
    public string Name => "lollygag";

    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        new GubbinsDbModule().Register(context);

        var schema = context.ConfigSchema();
        schema.Properties.Add(GubbinsProperties.GubbinsSensei);
        context.Services.AddSingleton(new GubbinsConfigFields(schema.AddField<UserConfig, string?>(GubbinsConfig.GubbinsSpecificInfo, null)));

        context.Registry<AccessPolicyRegistry>().Add<LollygagAccessPolicy>(LollygagAccessPolicy.PolicyName);
        var policy = RouteAccess.WithPolicy(LollygagAccessPolicy.PolicyName);
        string[] lollygag = [GubbinsDbNames.LollygagDb];
        context.Map("POST", "/api/lollygag/insert_owner/{owner_name}", InsertOwner, policy, "Insert an owner", "Adds an owner to LollygagDB.",
            r => r with { Databases = lollygag });
        context.Map("GET", "/api/lollygag/get_owners", GetOwners, policy, "Get owners", "The owners' names.", r => r with { Databases = lollygag });
        context.Map("GET", "/api/lollygag/summary", Summary, policy, "Summary", "How many owners, in words.", r => r with { Databases = lollygag });
        context.Map("GET", "/api/lollygag/gubbins_sensei", Sensei, policy, "Sensei only", "Only a GubbinsSensei may come here.");
        context.Map("GET", "/api/lollygag/gubbins_info/{job_id}", GetGubbinsInfo, policy, "Gubbins info of a job",
            "What GubbinsJobDb wrote when the job was submitted through DiracX's own route.", r => r with { Databases = [DbNames.JobDb] });

        // Replaces DiracX's route of the same method and path.
        context.Map("GET", "/.well-known/dirac-metadata", GetInstallationMetadata, RouteAccess.Open,
            "Installation metadata (Gubbins)", "DiracX's metadata plus gubbins_secrets and gubbins_user_info.");
    }

    public static async Task<Ok<Dictionary<string, int>>> InsertOwner(string owner_name, AuthorizedUser user, LollygagAccessPolicy policy,
        LollygagDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        await policy.CheckAsync(user, LollygagAction.Create);
        return TypedResults.Ok(new Dictionary<string, int> { ["OwnerID"] = await Lollygag.InsertOwnerAsync(db, owner_name, time, cancellationToken) });
    }

    public static async Task<Ok<List<string>>> GetOwners(AuthorizedUser user, LollygagAccessPolicy policy, LollygagDbContext db,
        CancellationToken cancellationToken)
    {
        await policy.CheckAsync(user, LollygagAction.Read);
        return TypedResults.Ok(await Lollygag.GetOwnersAsync(db, cancellationToken));
    }

    public static async Task<Ok<Dictionary<string, string>>> Summary(AuthorizedUser user, LollygagAccessPolicy policy, LollygagDbContext db,
        CancellationToken cancellationToken)
    {
        await policy.CheckAsync(user, LollygagAction.Read);
        return TypedResults.Ok(new Dictionary<string, string> { ["summary"] = await Lollygag.SummaryAsync(db, cancellationToken) });
    }

    public static async Task<Ok<string>> Sensei(AuthorizedUser user, LollygagAccessPolicy policy)
    {
        await policy.CheckAsync(user, LollygagAction.Manage);
        return TypedResults.Ok($"Hello {user.PreferredUsername}, you are a sensei");
    }

    public static async Task<Results<Ok<Dictionary<string, object>>, NotFound>> GetGubbinsInfo(long job_id, AuthorizedUser user,
        LollygagAccessPolicy policy, GubbinsJobDb jobs, CancellationToken cancellationToken)
    {
        await policy.CheckAsync(user, LollygagAction.Read);
        return await jobs.GetGubbinsInfoAsync(job_id, cancellationToken) is { } info
            ? TypedResults.Ok(new Dictionary<string, object> { ["JobID"] = job_id, ["Info"] = info })
            : TypedResults.NotFound();
    }

    public static Ok<JsonObject> GetInstallationMetadata(ConfigProvider config, DiracXRegistries registries, GubbinsConfigFields fields)
    {
        ArgumentNullException.ThrowIfNull(config);
        var current = config.Current.Config;
        var metadata = JsonSerializer.SerializeToNode(WellKnownDocuments.InstallationMetadata(current, registries.Modules))!.AsObject();
        metadata["gubbins_secrets"] = "hush!";
        var userInfo = new JsonObject();
        foreach (var (vo, registry) in current.Registry)
        {
            userInfo[vo] = new JsonArray([.. registry.Users.Values.Select(u => (JsonNode?)fields.GubbinsSpecificInfo.Get(u))]);
        }
        metadata["gubbins_user_info"] = userInfo;
        return TypedResults.Ok(metadata);
    }
}

/// <summary>The typed handles on Gubbins' configuration fields.</summary>
public sealed record GubbinsConfigFields(ConfigExtensionField<UserConfig, string?> GubbinsSpecificInfo);
