using System.Net.Http.Json;
using DiracX.Routers.Infrastructure.Routing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DiracX.Routers.Tests.Jobs;

/// <summary>
/// The per-request round trips of the read routes (performance.md, "The request path"): exactly the statements the
/// route needs. The read routes run without a transaction (no BEGIN/COMMIT; UnitOfWorkRoundTripTests in Db.Tests shows
/// what a read-only unit of work sends) and connections return to the pool without DISCARD ALL.
/// </summary>
public class RequestPathTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    [Fact]
    public async Task Job_parameters_cost_one_statement_that_also_checks_ownership()
    {
        var ct = TestContext.Current.CancellationToken;
        var job = (await fixture.SubmitAsync())[0];
        await fixture.User.GetStringAsync($"/api/jobs/{job}/parameters", ct); // warm-up (type loading)

        var trips = await fixture.CountStatementsAsync(() => fixture.User.GetStringAsync($"/api/jobs/{job}/parameters", ct));

        Assert.Equal(1, trips);
    }

    [Fact]
    public async Task A_search_with_its_total_is_its_two_statements()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.SubmitAsync(3);
        var body = new
        {
            search = new[] { new { parameter = "Status", @operator = "eq", value = "Submitting" } },
            sort = new[] { new { parameter = "JobID", direction = "desc" } },
        };
        (await fixture.User.PostAsJsonAsync("/api/jobs/search?page=1&per_page=100", body, ct)).EnsureSuccessStatusCode();

        var trips = await fixture.CountStatementsAsync(async () =>
            (await fixture.User.PostAsJsonAsync("/api/jobs/search?page=1&per_page=100", body, ct)).EnsureSuccessStatusCode());

        Assert.Equal(2, trips); // the page and its total, sent as one batch; no BEGIN, COMMIT or DISCARD ALL
    }

    [Theory]
    [InlineData("GET", "/api/jobs/{job_id}/parameters", true)]
    [InlineData("POST", "/api/jobs/search", true)]
    [InlineData("POST", "/api/jobs/summary", true)]
    [InlineData("POST", "/api/jobs/jdl", false)]
    [InlineData("PATCH", "/api/jobs/status", false)]
    public void Only_the_read_routes_run_without_a_transaction(string method, string pattern, bool readOnly)
    {
        var route = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<RouteDefinition>())
            .Single(r => r is not null && r.Method == method && r.Pattern == pattern)!;
        Assert.Equal(readOnly, route.ReadOnly);
    }
}
