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

    [Theory]
    [InlineData("pilot")]
    [InlineData("admin")]
    public async Task One_unknown_job_never_loses_a_batch(string sender)
    {
        var client = sender == "pilot" ? fixture.Pilot : fixture.Admin;
        var jobs = await fixture.SubmitAsync(2);
        Assert.Equal(HttpStatusCode.OK, (await JobsFixture.SetStatusAsync(fixture.User, [jobs[0]], new { Status = "Killed" })).StatusCode);
        const long unknown = 999_999_991;

        var response = await JobsFixture.PatchAsync(client, "/api/jobs/heartbeat", Beat([jobs[0], unknown, jobs[1]], new { Vsize = 7 }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($$"""[{"job_id":{{jobs[0]}},"command":"Kill","arguments":""}]""",
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.NotNull((string?)(await fixture.GetJobAsync(jobs[1]))["HeartBeatTime"]);
        Assert.Equal("7.0", await fixture.ScalarAsync<string>(
            """SELECT "Value" FROM jobdb."HeartBeatLoggingInfo" WHERE "JobID" = $1 AND "Name" = 'Vsize'""", jobs[1]));
        Assert.Contains(DiracX.Testing.CapturedLogs.Lines, l => l.Contains("unknown jobs skipped", StringComparison.Ordinal)
            && l.Contains(unknown.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_batch_of_only_unknown_jobs_is_404_naming_them()
    {
        var response = await JobsFixture.PatchAsync(fixture.Pilot, "/api/jobs/heartbeat", Beat([999_999_998, 999_999_999], new { Vsize = 1 }));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"detail":{"failed":{"999999998":{"detail":"Not found"},"999999999":{"detail":"Not found"}}}}""",
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Owners_may_send_heartbeats_for_their_own_jobs_only()
    {
        var job = (await fixture.SubmitAsync())[0];
        var own = await JobsFixture.PatchAsync(fixture.User, "/api/jobs/heartbeat", Beat([job], new { Vsize = 1 }));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.NotNull((string?)(await fixture.GetJobAsync(job))["HeartBeatTime"]);

        var other = (await fixture.SubmitAsync())[0];
        await fixture.ScalarAsync<object>("""UPDATE jobdb."Jobs" SET "Owner" = 'bob' WHERE "JobID" = $1""", other);
        var foreign = await JobsFixture.PatchAsync(fixture.User, "/api/jobs/heartbeat", Beat([job, other], new { Vsize = 2 }));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Null((string?)(await fixture.GetJobAsync(other))["HeartBeatTime"]);
        Assert.Equal(1L, await fixture.ScalarAsync<long>(
            """SELECT count(*) FROM jobdb."HeartBeatLoggingInfo" WHERE "JobID" = $1 AND "Name" = 'Vsize'""", job));

        // DiracX answers a user's empty batch 403 too (no job of theirs is named).
        Assert.Equal(HttpStatusCode.Forbidden, (await JobsFixture.PatchAsync(fixture.User, "/api/jobs/heartbeat", new Dictionary<string, object>())).StatusCode);
    }

    [Fact]
    public async Task A_pilot_beats_for_jobs_of_its_own_vo_only()
    {
        var job = (await fixture.SubmitAsync())[0];
        var otherVo = (await fixture.SubmitAsync())[0];
        await fixture.ScalarAsync<object>("""UPDATE jobdb."Jobs" SET "VO" = 'gridpp' WHERE "JobID" = $1""", otherVo);
        var foreign = await JobsFixture.PatchAsync(fixture.Pilot, "/api/jobs/heartbeat", Beat([job, otherVo], new { Vsize = 3 }));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Null((string?)(await fixture.GetJobAsync(job))["HeartBeatTime"]);
        Assert.Equal(HttpStatusCode.OK, (await JobsFixture.PatchAsync(fixture.Pilot, "/api/jobs/heartbeat", new Dictionary<string, object>())).StatusCode);
    }

    [Fact]
    public async Task Unknown_heartbeat_fields_are_422()
    {
        var job = (await fixture.SubmitAsync())[0];
        var extra = await JobsFixture.PatchAsync(fixture.Pilot, "/api/jobs/heartbeat", Beat([job], new { Colour = "blue" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, extra.StatusCode);
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
