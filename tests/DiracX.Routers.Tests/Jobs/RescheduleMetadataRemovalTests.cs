using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace DiracX.Routers.Tests.Jobs;

public class RescheduleMetadataRemovalTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private static async Task<HttpResponseMessage> RescheduleAsync(HttpClient client, long[] jobs) =>
        await client.PostAsJsonAsync("/api/jobs/reschedule", new { job_ids = jobs }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Jobs_reschedule_up_to_the_configured_maximum()
    {
        var jobs = await fixture.SubmitAsync(2);
        for (var i = 1; i <= 3; i++)
        {
            var response = await RescheduleAsync(fixture.User, jobs);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var entry = (await JobsFixture.JsonAsync(response))["success"]![jobs[0].ToString(CultureInfo.InvariantCulture)]!;
            Assert.Equal("Received", (string?)entry["Status"]);
            Assert.Equal("Job Rescheduled", (string?)entry["MinorStatus"]);
            Assert.Equal(i, (int)entry["RescheduleCounter"]!);
            Assert.Equal("ANY", (string?)entry["Site"]);
            Assert.Contains($"JobID = {jobs[0]};", (string?)entry["InputData"], StringComparison.Ordinal);
        }
        var refused = await RescheduleAsync(fixture.User, jobs);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        const string Max = """{"detail":"Maximum number of reschedules exceeded (3)"}""";
        Assert.Equal("{\"detail\":{\"success\":{},\"failed\":{\"" + jobs[0] + "\":" + Max + ",\"" + jobs[1] + "\":" + Max + "}}}",
            await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(3, (int)(await fixture.GetJobAsync(jobs[0]))["RescheduleCounter"]!);

        var reset = await fixture.User.PostAsJsonAsync("/api/jobs/reschedule?reset_jobs=true", new { job_ids = jobs }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(0, (int)(await fixture.GetJobAsync(jobs[0]))["RescheduleCounter"]!);
    }

    [Fact]
    public async Task Rescheduling_costs_the_same_statements_for_ten_and_a_thousand_jobs()
    {
        var jobs = await fixture.SubmitAsync(1010);
        async Task<int> Count(long[] ids) => await fixture.CountStatementsAsync(async () =>
            Assert.Equal(HttpStatusCode.OK, (await RescheduleAsync(fixture.User, ids)).StatusCode));
        Assert.Equal(await Count(jobs[..10]), await Count(jobs[10..]));
    }

    [Fact]
    public async Task Metadata_sets_attributes_and_parameters()
    {
        var job = (await fixture.SubmitAsync())[0];
        var response = await JobsFixture.PatchAsync(fixture.User, "/api/jobs/metadata", new Dictionary<string, object>
        {
            [job.ToString(CultureInfo.InvariantCulture)] = new Dictionary<string, object>
            {
                ["UserPriority"] = 2, ["HeartBeatTime"] = "2030-01-01T00:00:00+00:00", ["JobType"] = "VerySpecialIndeed",
                ["Site"] = "LCG.CERN.cern", ["CPUNormalizationFactor"] = "12.7", ["Colour"] = "blue",
            },
        });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var stored = await fixture.GetJobAsync(job);
        Assert.Equal(2, (int)stored["UserPriority"]!);
        Assert.Equal("VerySpecialIndeed", (string?)stored["JobType"]);
        Assert.Equal("LCG.CERN.cern", (string?)stored["Site"]);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
            DateTimeOffset.Parse((string)stored["HeartBeatTime"]!, CultureInfo.InvariantCulture));
        var parameters = JsonNode.Parse(await fixture.User.GetStringAsync($"/api/jobs/{job}/parameters", TestContext.Current.CancellationToken))!;
        Assert.Equal(12, (int)parameters["CPUNormalizationFactor"]!);
        Assert.Equal("blue", (string?)parameters["Colour"]);
        Assert.Equal("VerySpecialIndeed", (string?)parameters["JobType"]);
        Assert.Null(parameters["UserPriority"]);

        var wrong = await JobsFixture.PatchAsync(fixture.User, "/api/jobs/metadata", new Dictionary<string, object>
        {
            [job.ToString(CultureInfo.InvariantCulture)] = new Dictionary<string, object> { ["UserPriority"] = "high" },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
    }

    [Fact]
    public async Task Only_job_administrators_remove_jobs_and_removal_empties_every_table()
    {
        var jobs = await fixture.SubmitAsync(2);
        await JobsFixture.SetStatusAsync(fixture.User, jobs, new { Status = "Killed" });
        await JobsFixture.PatchAsync(fixture.Pilot, "/api/jobs/heartbeat", jobs.ToDictionary(j => j.ToString(CultureInfo.InvariantCulture), _ => (object)new { Vsize = 1, StandardOutput = "x" }));
        var user = await fixture.User.PostAsJsonAsync("/api/jobs/remove", new { job_ids = jobs }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, user.StatusCode);

        var admin = await fixture.Admin.PostAsJsonAsync("/api/jobs/remove", new { job_ids = jobs.Append(999_999_999) }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal($"[{jobs[0]},{jobs[1]}]", await admin.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        foreach (var table in new[] { "jobdb.\"Jobs\"", "jobdb.\"JobJDLs\"", "jobdb.\"InputData\"", "jobdb.\"JobCommands\"",
            "jobdb.\"HeartBeatLoggingInfo\"", "jobdb.\"JobParameters\"", "jobloggingdb.\"LoggingInfo\"", "jobloggingdb.\"LoggingInfoSeqNums\"",
            "taskqueuedb.\"tq_Jobs\"" })
        {
            var column = table.StartsWith("taskqueuedb", StringComparison.Ordinal) ? "\"JobId\"" : "\"JobID\"";
            Assert.Equal(0L, await fixture.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE {column} = ANY($1)", jobs));
        }
    }
}
