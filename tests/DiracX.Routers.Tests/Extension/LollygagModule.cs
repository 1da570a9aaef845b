using DiracX.Core.Errors;
using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Authentication;
using DiracX.Routers.Infrastructure.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DiracX.Routers.Tests.Extension;

/// <summary>
/// A test extension in the manner of DiracX's gubbins: it adds its own databases and routes, and overrides a
/// DiracX route. Its routes exercise every platform rule (JSON names, 422, 413, unit of work, 503).
/// </summary>
public sealed class LollygagModule : IDiracXModule
{
    public string Name => "lollygag";

    public void Register(DiracXModuleContext context)
    {
        context.Registry<DatabaseRegistry>()
            .AddContext<LollygagDbContext>(LollygagDbContext.Name)
            .AddContext<GarageDbContext>(GarageDbContext.Name);
        string[] dbs = [LollygagDbContext.Name, GarageDbContext.Name];

        context.Map("POST", "/api/lollygag/owners", InsertOwnerWithCar, RouteAccess.Open,
            "Insert an owner and their car", "Writes two tables in two contexts in the request's transaction.",
            r => r with { Databases = dbs });
        context.Map("GET", "/api/lollygag/owners", ListOwners, RouteAccess.Open,
            "List owners", "Reads the owners table.", r => r with { Databases = dbs });
        context.Map("GET", "/api/lollygag/slow", Slow, RouteAccess.Open,
            "A slow query", "Sleeps in the database (tests end its connection meanwhile).", r => r with { Databases = dbs });
        context.Map("GET", "/api/lollygag/page", Page, RouteAccess.Open,
            "Validate query parameters", "Pagination parameters with DiracX's limits.");
        context.Registry<AccessPolicyRegistry>().Add<LollygagAccessPolicy>(LollygagAccessPolicy.PolicyName);
        context.Map("GET", "/api/lollygag/whoami", WhoAmI, RouteAccess.AnyAuthenticated,
            "Who am I", "Any authenticated user may ask.");
        context.Map("GET", "/api/lollygag/sensei", Sensei, RouteAccess.WithPolicy(LollygagAccessPolicy.PolicyName),
            "Sensei only", "Requires the lollygag policy's manage permission.");
        context.Map("POST", "/api/lollygag/forgetful", Forgetful, RouteAccess.WithPolicy(LollygagAccessPolicy.PolicyName),
            "Forgets its policy", "A planted offender: declares a policy and never invokes it.", r => r with { Databases = dbs });
        context.Map("GET", "/api/lollygag/motto", Motto, RouteAccess.Open, "The motto", "The extension's motto.");
        context.Map("GET", "/api/lollygag/boom", Boom, RouteAccess.Open, "Fail", "Throws an unexpected exception.");
        context.Registry<SystemRequirements>().RequireSetting(Name, "DiracX:Lollygag:Motto", "DIRACX_LOLLYGAG_MOTTO");
        // Overrides DiracX's liveness probe: only this definition must be mapped.
        context.Map("GET", "/api/health/live", OverriddenLive, RouteAccess.Open,
            "Liveness probe (extension)", "The extension's own liveness answer.", r => r with { ExcludeFromDescription = true });
    }

    /// <summary>The body of <see cref="InsertOwnerWithCar"/>, with DiracX-style names.</summary>
    public sealed record OwnerWithCar(string OwnerName, string LicensePlate, string Model, int Age);

    public static async Task<IResult> InsertOwnerWithCar(OwnerWithCar body, LollygagDbContext owners, GarageDbContext garage,
        CancellationToken cancellationToken)
    {
        var owner = new Owner { Name = body.OwnerName };
        owners.Owners.Add(owner);
        await owners.SaveChangesAsync(cancellationToken);
        garage.Cars.Add(new Car { LicensePlate = body.LicensePlate, Model = body.Model, OwnerID = owner.OwnerID });
        try
        {
            await garage.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new DiracException($"Car {body.LicensePlate} already exists", DiracErrorKind.Conflict);
        }
        return TypedResults.Created($"/api/lollygag/owners/{owner.OwnerID}", new Dictionary<string, object> { ["OwnerID"] = owner.OwnerID });
    }

    public static async Task<IResult> ListOwners(LollygagDbContext owners, CancellationToken cancellationToken) =>
        TypedResults.Ok(await owners.Owners.OrderBy(o => o.Name).Select(o => o.Name).ToListAsync(cancellationToken));

    public static async Task<IResult> Slow(LollygagDbContext owners, CancellationToken cancellationToken)
    {
        await owners.Database.ExecuteSqlRawAsync("SELECT pg_sleep(30) /* lollygag-slow */", cancellationToken);
        return TypedResults.Ok();
    }

    public static IResult Page(int page = 1, int per_page = 100)
    {
        if (page < 1)
        {
            throw RequestValidationException.Query("page", "Input should be greater than or equal to 1", "greater_than_equal");
        }
        if (per_page is < 1 or > 10000)
        {
            throw RequestValidationException.Query("per_page", "Input should be less than or equal to 10000", "less_than_equal");
        }
        return TypedResults.Ok(new Dictionary<string, int> { ["page"] = page, ["per_page"] = per_page });
    }

    public static IResult Motto(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        TypedResults.Ok(new Dictionary<string, object?> { ["motto"] = configuration["DiracX:Lollygag:Motto"] });

    public static IResult WhoAmI(AuthorizedUser user) =>
        TypedResults.Ok(new Dictionary<string, string> { ["preferred_username"] = user.PreferredUsername, ["vo"] = user.Vo });

    public static async Task<IResult> Sensei(AuthorizedUser user, LollygagAccessPolicy policy, CancellationToken cancellationToken)
    {
        await policy.CheckManageAsync(user, cancellationToken);
        return TypedResults.Ok(new Dictionary<string, string> { ["sensei"] = user.PreferredUsername });
    }

    public static async Task<IResult> Forgetful(LollygagDbContext owners, CancellationToken cancellationToken)
    {
        owners.Owners.Add(new Owner { Name = "forgetful" });
        await owners.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok();
    }

    public static IResult Boom(HttpContext context) =>
        throw new InvalidOperationException("secret internals: " + context.Request.Headers.Authorization);

    public static IResult OverriddenLive() => TypedResults.Ok(new Dictionary<string, string> { ["status"] = "live", ["by"] = "lollygag" });
}
