using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;

namespace DiracX.Routers.Tests.Pilots;

/// <summary>The local stack's resource status seed: applied to empty tables, never over an operator's statuses.</summary>
public class RssSeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> SeedFileAsync(string json)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("rss-seed-").FullName, "resource-status.json");
        await File.WriteAllTextAsync(path, json, Ct);
        return path;
    }

    private static Task<DiracXTestApp> StartAsync(string seed, string? database = null) =>
        DiracXTestApp.StartAsync(DiracXModules.BuiltIn, new Dictionary<string, string?>
        {
            ["DiracX:ResourceStatus:SeedFile"] = seed,
            ["ConnectionStrings:diracx"] = database,
        }.Where(kv => kv.Value is not null).ToDictionary(), withDatabase: database is null, cancellationToken: Ct);

    [Fact]
    public async Task The_seed_fills_empty_tables_and_a_restart_keeps_what_operators_set()
    {
        var seed = await SeedFileAsync("""[{"name": "ce.seed.ch", "element_type": "ComputeElement", "status": "Active", "reason": "seed"}]""");
        await using var first = await StartAsync(seed);
        Assert.Equal("""{"ce.seed.ch":{"all":{"allowed":true,"warnings":null}}}""",
            await first.CreateClient(TestIdentity.NormalUser).GetStringAsync("/api/rss/compute", Ct));

        var admin = first.CreateClient(PilotsFixture.ServiceAdmin);
        (await Jobs.JobsFixture.PatchAsync(admin, "/api/rss/statuses",
            new[] { new { name = "ce.seed.ch", element_type = "ComputeElement", status = "Banned", reason = "operator" } })).EnsureSuccessStatusCode();

        // Another start on the same database (a restart, or a second replica): the tables are no longer empty, the
        // operator's status stands.
        await using var second = await StartAsync(seed, first.Database!.ConnectionString);
        Assert.Equal("""{"ce.seed.ch":{"all":{"allowed":false,"reason":"operator"}}}""",
            await second.CreateClient(TestIdentity.NormalUser).GetStringAsync("/api/rss/compute", Ct));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""[{"name": "x", "element_type": "Toaster", "status": "Active"}]""")]
    public async Task A_bad_seed_stops_start_up_naming_the_setting(string json)
    {
        var seed = await SeedFileAsync(json);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(seed));
        Assert.Contains("DiracX:ResourceStatus:SeedFile", e.ToString(), StringComparison.Ordinal);
    }
}
