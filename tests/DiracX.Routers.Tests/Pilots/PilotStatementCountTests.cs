using System.Net;
using System.Net.Http.Json;
using DiracX.Routers.Tests.Jobs;

namespace DiracX.Routers.Tests.Pilots;

/// <summary>Set-based SQL: the pilot routes cost the same number of statements for one pilot as for thousands.</summary>
public class PilotStatementCountTests(PilotsFixture fixture) : IClassFixture<PilotsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string[]> InsertPilotsAsync(string prefix, int count)
    {
        await fixture.ScalarAsync<object>(
            """
            INSERT INTO pilotagentsdb."PilotAgents" ("PilotStamp", "VO", "Status", "SubmissionTime", "LastUpdateTime")
            SELECT $1 || g, 'lhcb', 'Submitted', now(), now() FROM generate_series(1, $2) AS g
            """, prefix, count);
        return [.. Enumerable.Range(1, count).Select(i => prefix + i)];
    }

    private Task<int> PatchCostAsync(IEnumerable<string> stamps) => fixture.CountStatementsAsync(async () =>
    {
        var response = await JobsFixture.PatchAsync(fixture.ServiceAdministrator, "/api/pilots/metadata",
            stamps.ToDictionary(s => s, _ => (object)new { Status = "Running", BenchMark = 1.5 }));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    });

    [Fact]
    public async Task A_metadata_patch_of_thousands_of_pilots_costs_what_one_costs()
    {
        var many = await InsertPilotsAsync("many-", 3000);
        var one = await InsertPilotsAsync("one-", 1);
        await PatchCostAsync(one); // warm-up

        var forOne = await PatchCostAsync(one);
        var forMany = await PatchCostAsync(many);

        Assert.Equal(forOne, forMany);
        Assert.Equal(3000L, await fixture.ScalarAsync<long>("""SELECT count(*) FROM pilotagentsdb."PilotAgents" WHERE "PilotStamp" LIKE 'many-%' AND "Status" = 'Running'"""));
    }

    [Fact]
    public async Task A_search_on_a_large_pilot_table_is_its_page_and_its_total()
    {
        await InsertPilotsAsync("big-", 20000);
        var body = new { search = new[] { new { parameter = "Status", @operator = "eq", value = "Submitted" } } };
        (await fixture.User.PostAsJsonAsync("/api/pilots/search", body, Ct)).EnsureSuccessStatusCode(); // warm-up

        var small = await fixture.CountStatementsAsync(async () =>
            (await fixture.User.PostAsJsonAsync("/api/pilots/search?per_page=1", body, Ct)).EnsureSuccessStatusCode());
        var large = await fixture.CountStatementsAsync(async () =>
            (await fixture.User.PostAsJsonAsync("/api/pilots/search?per_page=10000&page=2", body, Ct)).EnsureSuccessStatusCode());

        Assert.Equal(2, small);
        Assert.Equal(small, large);
    }
}
