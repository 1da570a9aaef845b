using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace DiracX.Routers.Tests.Jobs;

public class HeartbeatRouteTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private static Dictionary<string, object> Beat(IEnumerable<long> jobs, object data) =>
        jobs.ToDictionary(j => j.ToString(CultureInfo.InvariantCulture), _ => data);

    [Fact]
    public async Task A_pilot_receives_the_kill_command_of_a_killed_job_once()
    {
        var jobs = await fixture.SubmitAsync(3);
        Assert.Equal(HttpStatusCode.OK, (await JobsFixture.SetStatusAsync(fixture.User, jobs[..2], new { Status = "Killed" })).StatusCode);

        var first = await JobsFixture.PatchAsync(fixture.Pilot, "/api/jobs/heartbeat", Beat(jobs, new { Vsize = 1234 }));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal($$"""[{"job_id":{{jobs[0]}},"command":"Kill","arguments":""},{"job_id":{{jobs[1]}},"command":"Kill","arguments":""}]""",
            await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var second = await JobsFixture.PatchAsync(fixture.Pilot, "/api/jobs/heartbeat", Beat(jobs, new { Vsize = 1235 }));
        Assert.Equal("[]", await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_heartbeat_stores_its_values_and_revives_matched_jobs()
    {
        var jobs = await fixture.SubmitAsync(2);
        await JobsFixture.SetStatusAsync(fixture.Admin, [jobs[0]], new { Status = "Matched" }, force: true);
        var response = await JobsFixture.PatchAsync(fixture.Pilot, "/api/jobs/heartbeat",
            Beat(jobs, new { LoadAverage = 2.5, Vsize = 1234, StandardOutput = "all good" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var matched = await fixture.GetJobAsync(jobs[0]);
        Assert.Equal("Running", (string?)matched["Status"]);
        Assert.Equal("Heartbeat", (string?)matched["LoggingInfo"]!.AsArray()[^1]!["Source"]);
        Assert.NotNull((string?)matched["StartExecTime"]);
        var other = await fixture.GetJobAsync(jobs[1]);
        Assert.Equal("Submitting", (string?)other["Status"]);
        Assert.True(DateTimeOffset.Parse((string)other["HeartBeatTime"]!, CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal("1234.0", await fixture.ScalarAsync<string>(
            """SELECT "Value" FROM jobdb."HeartBeatLoggingInfo" WHERE "JobID" = $1 AND "Name" = 'Vsize'""", jobs[1]));

        var parameters = await fixture.User.GetStringAsync($"/api/jobs/{jobs[1]}/parameters", TestContext.Current.CancellationToken);
        Assert.Equal("all good", (string?)JsonNode.Parse(parameters)!["StandardOutput"]);
    }

    [Fact]
    public async Task An_unknown_job_is_reported_per_job_and_nothing_is_recorded()
    {
        var job = (await fixture.SubmitAsync())[0];
        var response = await JobsFixture.PatchAsync(fixture.Admin, "/api/jobs/heartbeat", Beat([job, 999_999_999], new { Vsize = 1 }));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"detail":{"failed":{"999999999":{"detail":"Not found"}}}}""",
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Null((string?)(await fixture.GetJobAsync(job))["HeartBeatTime"]);
    }

    [Fact]
    public async Task Unknown_heartbeat_fields_are_422_and_users_may_not_send_heartbeats()
    {
        var job = (await fixture.SubmitAsync())[0];
        var extra = await JobsFixture.PatchAsync(fixture.Pilot, "/api/jobs/heartbeat", Beat([job], new { Colour = "blue" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, extra.StatusCode);
        var user = await JobsFixture.PatchAsync(fixture.User, "/api/jobs/heartbeat", Beat([job], new { Vsize = 1 }));
        Assert.Equal(HttpStatusCode.Forbidden, user.StatusCode);
    }

    [Fact]
    public async Task Heartbeats_and_the_policy_cost_the_same_statements_for_ten_and_a_thousand_jobs()
    {
        var jobs = await fixture.SubmitAsync(1010);
        await JobsFixture.SetStatusAsync(fixture.Admin, [jobs[0], jobs[10]], new { Status = "Matched" }, force: true);
        async Task<int> Count(long[] ids) => await fixture.CountStatementsAsync(async () =>
            Assert.Equal(HttpStatusCode.OK, (await JobsFixture.PatchAsync(fixture.Pilot, "/api/jobs/heartbeat",
                Beat(ids, new { Vsize = 1, StandardOutput = "x" }))).StatusCode));
        Assert.Equal(await Count(jobs[..10]), await Count(jobs[10..]));
    }
}
