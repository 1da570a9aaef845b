using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiracX.Routers.Tests.Jobs;

public class StatusRouteTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    [Fact]
    public async Task Killing_a_job_answers_every_field_and_stores_the_status()
    {
        var job = (await fixture.SubmitAsync())[0];
        var time = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234560);
        var response = await JobsFixture.SetStatusAsync(fixture.User, [job], new { Status = "Killed", MinorStatus = "Marked for termination", Source = "User" }, time);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JobsFixture.JsonAsync(response);
        var entry = body["success"]![job.ToString(CultureInfo.InvariantCulture)]!.AsObject();
        Assert.Equal(["Status", "MinorStatus", "ApplicationStatus", "HeartBeatTime", "StartExecTime", "EndExecTime", "LastUpdateTime"],
            entry.Select(p => p.Key));
        Assert.Equal("Killed", (string?)entry["Status"]);
        Assert.Equal("2030-01-01T12:00:00.123456Z", (string?)entry["EndExecTime"]);
        Assert.Null(entry["ApplicationStatus"]);
        Assert.EndsWith("Z", (string?)entry["LastUpdateTime"], StringComparison.Ordinal);
        Assert.Equal("{}", JobsFixture.Compact(body["failed"]!));
        var stored = await fixture.GetJobAsync(job);
        Assert.Equal("Killed", (string?)stored["Status"]);
        Assert.Equal("Marked for termination", (string?)stored["MinorStatus"]);
    }

    [Fact]
    public async Task A_status_change_merges_JobID_timestamp_and_Status_into_the_jobs_parameters()
    {
        var ct = TestContext.Current.CancellationToken;
        long[] jobs = [(await fixture.SubmitAsync())[0], (await fixture.SubmitAsync())[0]];
        var metadata = await JobsFixture.PatchAsync(fixture.User, "/api/jobs/metadata", new Dictionary<string, object>
        {
            [jobs[0].ToString(CultureInfo.InvariantCulture)] = new Dictionary<string, object> { ["Colour"] = "blue" },
        });
        Assert.Equal(HttpStatusCode.NoContent, metadata.StatusCode);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var response = await JobsFixture.SetStatusAsync(fixture.User, jobs, new { Status = "Killed", MinorStatus = "Marked for termination" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        foreach (var job in jobs)
        {
            var parameters = JsonNode.Parse(await fixture.User.GetStringAsync($"/api/jobs/{job}/parameters", ct))!.AsObject();
            Assert.Equal(job, (long)parameters["JobID"]!);
            Assert.Equal("Killed", (string?)parameters["Status"]);
            Assert.InRange((long)parameters["timestamp"]!, before - 1000, after + 1000);
        }
        var first = JsonNode.Parse(await fixture.User.GetStringAsync($"/api/jobs/{jobs[0]}/parameters", ct))!.AsObject();
        Assert.Equal("blue", (string?)first["Colour"]);
    }

    [Fact]
    public async Task The_parameters_status_survives_later_parameter_writes_and_is_replaced_by_the_next_status()
    {
        var ct = TestContext.Current.CancellationToken;
        var job = (await fixture.SubmitAsync())[0];
        var id = job.ToString(CultureInfo.InvariantCulture);
        async Task<JsonObject> ParametersAsync(HttpClient client) =>
            JsonNode.Parse(await client.GetStringAsync($"/api/jobs/{job}/parameters", ct))!.AsObject();

        Assert.False((await ParametersAsync(fixture.User)).ContainsKey("Status")); // no status change yet: DiracX has no Status parameter
        Assert.Equal(HttpStatusCode.OK, (await JobsFixture.SetStatusAsync(fixture.User, [job], new { Status = "Killed", MinorStatus = "Marked for termination" })).StatusCode);
        var afterStatus = await ParametersAsync(fixture.User);
        Assert.Equal(job, (long)afterStatus["JobID"]!);
        Assert.Equal("Killed", (string?)afterStatus["Status"]);
        Assert.Equal(JsonValueKind.Number, afterStatus["timestamp"]!.GetValueKind());

        var metadata = await JobsFixture.PatchAsync(fixture.User, "/api/jobs/metadata", new Dictionary<string, object>
        {
            [id] = new Dictionary<string, object> { ["Colour"] = "blue" },
        });
        Assert.Equal(HttpStatusCode.NoContent, metadata.StatusCode);
        var afterMetadata = await ParametersAsync(fixture.User);
        Assert.Equal("Killed", (string?)afterMetadata["Status"]);
        Assert.Equal("blue", (string?)afterMetadata["Colour"]);
        Assert.Equal(job, (long)afterMetadata["JobID"]!);
        Assert.True((long)afterMetadata["timestamp"]! >= (long)afterStatus["timestamp"]!, "the document's timestamp is its latest write's");

        Assert.Equal(HttpStatusCode.OK, (await JobsFixture.SetStatusAsync(fixture.User, [job], new { Status = "Deleted", MinorStatus = "Checking accounting" })).StatusCode);
        var afterSecondStatus = await ParametersAsync(fixture.User);
        Assert.Equal("Deleted", (string?)afterSecondStatus["Status"]);
        Assert.Equal("blue", (string?)afterSecondStatus["Colour"]);
        Assert.True((long)afterSecondStatus["timestamp"]! >= (long)afterMetadata["timestamp"]!);
        // An administrator (no owner scope: another statement) reads the same document.
        Assert.Equal(afterSecondStatus.ToJsonString(), (await ParametersAsync(fixture.Admin)).ToJsonString());
    }

    [Fact]
    public async Task A_refused_transition_keeps_the_status_and_marks_the_source_unless_forced()
    {
        var job = (await fixture.SubmitAsync())[0];
        var refused = await JobsFixture.JsonAsync(await JobsFixture.SetStatusAsync(fixture.User, [job], new { Status = "Running", MinorStatus = "JobPath" }));
        Assert.Equal("Received", (string?)refused["success"]![job.ToString(CultureInfo.InvariantCulture)]!["Status"]);
        var stored = await fixture.GetJobAsync(job);
        Assert.Equal("Received", (string?)stored["Status"]);
        Assert.Equal("JobPath", (string?)stored["MinorStatus"]);
        var last = stored["LoggingInfo"]!.AsArray()[^1]!;
        Assert.Equal("Unknown(SM)", (string?)last["Source"]);
        Assert.Equal("Received", (string?)last["Status"]);

        var forced = await JobsFixture.SetStatusAsync(fixture.User, [job], new { Status = "Running", MinorStatus = "JobPath" }, force: true);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal("Running", (string?)(await fixture.GetJobAsync(job))["Status"]);
    }

    [Fact]
    public async Task Reports_apply_in_time_order_and_older_reports_are_only_logged()
    {
        var job = (await fixture.SubmitAsync())[0];
        var t0 = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var body = new Dictionary<string, object>
        {
            [job.ToString(CultureInfo.InvariantCulture)] = new Dictionary<string, object>
            {
                [t0.AddSeconds(2).ToString("O", CultureInfo.InvariantCulture)] = new { Status = "Waiting", ApplicationStatus = "app" },
                [t0.ToString("O", CultureInfo.InvariantCulture)] = new { Status = "Checking", MinorStatus = "JobPath", Source = "JobWrapper" },
            },
        };
        var response = await JobsFixture.PatchAsync(fixture.User, "/api/jobs/status", body);
        var entry = (await JobsFixture.JsonAsync(response))["success"]![job.ToString(CultureInfo.InvariantCulture)]!;
        Assert.Equal("Waiting", (string?)entry["Status"]);
        Assert.Equal("JobPath", (string?)entry["MinorStatus"]);
        Assert.Equal("app", (string?)entry["ApplicationStatus"]);
        Assert.Equal(t0.UtcDateTime, DateTimeOffset.Parse((string)entry["HeartBeatTime"]!, CultureInfo.InvariantCulture).UtcDateTime);

        var older = await JobsFixture.SetStatusAsync(fixture.User, [job], new { Status = "Killed" }, t0.AddMinutes(-10));
        Assert.Equal(HttpStatusCode.OK, older.StatusCode);
        var stored = await fixture.GetJobAsync(job);
        Assert.Equal("Waiting", (string?)stored["Status"]);
        var history = stored["LoggingInfo"]!.AsArray();
        Assert.Equal(["Received", "Killed", "Checking", "Waiting"], history.Select(h => (string?)h!["Status"]));
        // "idem" is replaced by the previous values.
        Assert.Equal("JobPath", (string?)history[^1]!["MinorStatus"]);
    }

    [Fact]
    public async Task Unknown_jobs_fail_per_job_and_alone_they_make_a_404()
    {
        var job = (await fixture.SubmitAsync())[0];
        var mixed = await JobsFixture.SetStatusAsync(fixture.Admin, [job, 999_999_999], new { Status = "Deleted" });
        Assert.Equal(HttpStatusCode.OK, mixed.StatusCode);
        Assert.Equal("""{"999999999":{"detail":"Not found"}}""", JobsFixture.Compact((await JobsFixture.JsonAsync(mixed))["failed"]!));

        var none = await JobsFixture.SetStatusAsync(fixture.Admin, [999_999_998], new { Status = "Deleted" });
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("""{"detail":{"success":{},"failed":{"999999998":{"detail":"Not found"}}}}""", await none.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_pilots_status_batch_with_one_unknown_job_applies_the_rest()
    {
        var jobs = await fixture.SubmitAsync(2);
        var mixed = await JobsFixture.SetStatusAsync(fixture.Pilot, [jobs[0], 999_999_997, jobs[1]], new { Status = "Killed" });
        Assert.Equal(HttpStatusCode.OK, mixed.StatusCode);
        var body = await JobsFixture.JsonAsync(mixed);
        Assert.Equal("""{"999999997":{"detail":"Not found"}}""", JobsFixture.Compact(body["failed"]!));
        Assert.Equal(2, body["success"]!.AsObject().Count);
        foreach (var j in jobs)
        {
            Assert.Equal("Killed", (string?)(await fixture.GetJobAsync(j))["Status"]);
        }
        Assert.Contains(Testing.CapturedLogs.Lines, l => l.Contains("unknown jobs skipped", StringComparison.Ordinal)
            && l.Contains("999999997", StringComparison.Ordinal));

        var none = await JobsFixture.SetStatusAsync(fixture.Pilot, [999_999_996], new { Status = "Killed" });
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task A_users_batch_holding_someone_elses_job_is_403_and_writes_nothing()
    {
        var jobs = await fixture.SubmitAsync(2);
        await fixture.ScalarAsync<object>("""UPDATE jobdb."Jobs" SET "Owner" = 'bob' WHERE "JobID" = $1""", jobs[1]);
        var before = (string?)(await fixture.GetJobAsync(jobs[0]))["Status"];
        var response = await JobsFixture.SetStatusAsync(fixture.User, jobs, new { Status = "Killed" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        foreach (var j in jobs)
        {
            Assert.Equal(before, (string?)(await fixture.GetJobAsync(j))["Status"]);
        }

        var withUnknown = await JobsFixture.SetStatusAsync(fixture.User, [jobs[0], 999_999_995], new { Status = "Killed" });
        Assert.Equal(HttpStatusCode.Forbidden, withUnknown.StatusCode);
        Assert.Equal(before, (string?)(await fixture.GetJobAsync(jobs[0]))["Status"]);
    }

    [Fact]
    public async Task Naive_timestamps_are_400_and_unknown_statuses_422()
    {
        var job = (await fixture.SubmitAsync())[0];
        var naive = await JobsFixture.PatchAsync(fixture.User, "/api/jobs/status", new Dictionary<string, object>
        {
            [job.ToString(CultureInfo.InvariantCulture)] = new Dictionary<string, object> { ["2024-01-02 03:04:05.123400"] = new { Status = "Checking" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, naive.StatusCode);
        Assert.Equal($$"""{"detail":"Timestamp 2024-01-02 03:04:05.123400 is not timezone aware for job {{job}}"}""",
            await naive.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var scouting = await JobsFixture.SetStatusAsync(fixture.User, [job], new { Status = "Scouting" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, scouting.StatusCode);
    }

    [Fact]
    public async Task Another_users_jobs_cannot_be_changed()
    {
        var job = (await fixture.SubmitAsync())[0];
        var response = await JobsFixture.SetStatusAsync(fixture.App.CreateClient(Testing.TestIdentity.OtherVoUser), [job], new { Status = "Killed" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Received", (string?)(await fixture.GetJobAsync(job))["Status"]);
    }

    [Fact]
    public async Task More_ids_than_the_limit_are_413()
    {
        var response = await JobsFixture.SetStatusAsync(fixture.Admin, Enumerable.Range(1, 12_001).Select(i => (long)i), new { Status = "Killed" });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Ten_thousand_jobs_change_in_one_request_with_as_many_statements_as_ten()
    {
        var jobs = await fixture.SubmitAsync(10_000);
        var small = await fixture.CountStatementsAsync(async () =>
            Assert.Equal(HttpStatusCode.OK, (await JobsFixture.SetStatusAsync(fixture.User, jobs[..10], new { Status = "Checking" })).StatusCode));
        HttpResponseMessage? big = null;
        var large = await fixture.CountStatementsAsync(async () =>
            big = await JobsFixture.SetStatusAsync(fixture.User, jobs, new { Status = "Killed", MinorStatus = "bulk" }));
        Assert.Equal(HttpStatusCode.OK, big!.StatusCode);
        Assert.Equal(10_000, (await JobsFixture.JsonAsync(big))["success"]!.AsObject().Count);
        // The kill adds the task-queue removal and the command insert; otherwise the same statements.
        Assert.Equal(small + 2, large);
        Assert.Equal(10_000L, await fixture.ScalarAsync<long>("""SELECT count(*) FROM jobdb."JobCommands" WHERE "JobID" = ANY($1)""", jobs));
    }
}
