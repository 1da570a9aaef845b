using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DiracX.Routers.Tests.Jobs;
using DiracX.Testing;

namespace DiracX.Routers.Tests.Pilots;

/// <summary>The pilot routes over HTTP with real tokens and the real pilot management policy.</summary>
public class PilotRouteTests(PilotsFixture fixture) : IClassFixture<PilotsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonObject> PilotAsync(string stamp)
    {
        var response = await fixture.ServiceAdministrator.PostAsJsonAsync("/api/pilots/search",
            new { search = new[] { new { parameter = "PilotStamp", @operator = "eq", value = stamp } } }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single((await JobsFixture.JsonAsync(response)).AsArray())!.AsObject();
    }

    [Fact]
    public async Task A_pilot_registers_itself_with_DiracX_defaults()
    {
        var stamp = await fixture.RegisterAsync();

        var pilot = await PilotAsync(stamp);
        Assert.Equal("lhcb", (string?)pilot["VO"]);
        Assert.Equal("DIRAC", (string?)pilot["GridType"]);
        Assert.Equal("Unknown", (string?)pilot["GridSite"]);
        Assert.Equal("NotAssigned", (string?)pilot["DestinationSite"]);
        Assert.Equal(stamp, (string?)pilot["PilotJobReference"]);
        Assert.Equal("Submitted", (string?)pilot["Status"]);
        Assert.False((bool)pilot["AccountingSent"]!);
        Assert.NotNull(pilot["SubmissionTime"]);
    }

    [Fact]
    public async Task A_stamp_registered_twice_is_a_conflict()
    {
        var stamp = await fixture.RegisterAsync();

        var again = await fixture.ServiceAdministrator.PostAsJsonAsync("/api/pilots/", new { pilot_stamp = stamp, vo = "lhcb" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(stamp, (string?)(await JobsFixture.JsonAsync(again))["detail"]);
    }

    [Fact]
    public async Task Two_concurrent_registrations_of_one_stamp_give_one_201_and_one_409()
    {
        var stamp = fixture.NewStamp("race");
        var body = new { pilot_stamp = stamp, vo = "lhcb" };

        var responses = await Task.WhenAll(
            fixture.ServiceAdministrator.PostAsJsonAsync("/api/pilots/", body, Ct),
            fixture.Pilot.PostAsJsonAsync("/api/pilots/", body, Ct));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        Assert.Equal(1L, await fixture.ScalarAsync<long>("""SELECT count(*) FROM pilotagentsdb."PilotAgents" WHERE "PilotStamp" = $1""", stamp));
    }

    [Fact]
    public async Task An_unknown_VO_is_a_bad_request_and_an_oversize_stamp_unprocessable()
    {
        var unknown = await fixture.ServiceAdministrator.PostAsJsonAsync("/api/pilots/", new { pilot_stamp = fixture.NewStamp(), vo = "nosuchvo" }, Ct);
        var oversize = await fixture.ServiceAdministrator.PostAsJsonAsync("/api/pilots/", new { pilot_stamp = new string('x', 33), vo = "lhcb" }, Ct);
        var extra = await fixture.ServiceAdministrator.PostAsJsonAsync("/api/pilots/", new { pilot_stamp = fixture.NewStamp(), vo = "lhcb", colour = "red" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, oversize.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, extra.StatusCode);
    }

    [Fact]
    public async Task A_metadata_patch_sets_the_fields_and_LastUpdateTime_and_an_unknown_stamp_is_404()
    {
        var stamp = await fixture.RegisterAsync();
        var before = (string?)(await PilotAsync(stamp))["LastUpdateTime"];

        var patch = await JobsFixture.PatchAsync(fixture.Pilot, "/api/pilots/metadata",
            new Dictionary<string, object> { [stamp] = new { Status = "Running", BenchMark = 12.5, AccountingSent = true, Queue = "long" } });
        var unknown = await JobsFixture.PatchAsync(fixture.ServiceAdministrator, "/api/pilots/metadata",
            new Dictionary<string, object> { [stamp] = new { Status = "Done" }, ["no-such-stamp"] = new { Status = "Done" } });

        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var pilot = await PilotAsync(stamp);
        Assert.Equal("Running", (string?)pilot["Status"]); // the 404 batch changed nothing
        Assert.Equal(12.5, (double)pilot["BenchMark"]!);
        Assert.True((bool)pilot["AccountingSent"]!);
        Assert.Equal("long", (string?)pilot["Queue"]);
        Assert.Equal("NotAssigned", (string?)pilot["DestinationSite"]);
        Assert.NotEqual(before, (string?)pilot["LastUpdateTime"]);
    }

    [Fact]
    public async Task A_pilot_links_its_jobs_and_job_search_finds_them_by_PilotStamp()
    {
        var stamp = await fixture.RegisterAsync();
        var jobs = await fixture.SubmitAsync(3);

        var link = await fixture.Pilot.PostAsJsonAsync("/api/pilots/jobs", new { pilot_stamp = stamp, job_ids = jobs[..2] }, Ct);
        var again = await fixture.Pilot.PostAsJsonAsync("/api/pilots/jobs", new { pilot_stamp = stamp, job_ids = jobs[..2] }, Ct);
        var search = await fixture.User.PostAsJsonAsync("/api/jobs/search", new
        {
            parameters = new[] { "JobID" },
            search = new[] { new { parameter = "PilotStamp", @operator = "eq", value = stamp } },
        }, Ct);
        var pilots = await fixture.User.PostAsJsonAsync("/api/pilots/search", new
        {
            parameters = new[] { "PilotStamp" },
            search = new object[] { new { parameter = "JobID", @operator = "in", values = new[] { jobs[1] } } },
        }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, link.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(jobs[..2], (await JobsFixture.JsonAsync(search)).AsArray().Select(j => (long)j!["JobID"]!).Order());
        Assert.Equal(stamp, (string?)Assert.Single((await JobsFixture.JsonAsync(pilots)).AsArray())!["PilotStamp"]);
        Assert.Equal(2L, await fixture.ScalarAsync<long>(
            """SELECT count(*) FROM pilotagentsdb."JobToPilotMapping" m JOIN pilotagentsdb."PilotAgents" p USING ("PilotID") WHERE p."PilotStamp" = $1""", stamp));
    }

    [Fact]
    public async Task Linking_unknown_jobs_is_a_404_naming_them()
    {
        var stamp = await fixture.RegisterAsync();

        var response = await fixture.Pilot.PostAsJsonAsync("/api/pilots/jobs", new { pilot_stamp = stamp, job_ids = new[] { 987654321L } }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("987654321", (string?)(await JobsFixture.JsonAsync(response))["detail"]);
    }

    [Fact]
    public async Task Job_search_by_an_unknown_PilotStamp_is_an_empty_page_and_misuse_is_400()
    {
        var unknown = await fixture.User.PostAsJsonAsync("/api/jobs/search",
            new { search = new[] { new { parameter = "PilotStamp", @operator = "eq", value = "never-registered" } } }, Ct);
        var withJobId = await fixture.User.PostAsJsonAsync("/api/jobs/search", new
        {
            search = new object[]
            {
                new { parameter = "PilotStamp", @operator = "eq", value = "x" },
                new { parameter = "JobID", @operator = "eq", value = 1 },
            },
        }, Ct);
        var badOperator = await fixture.User.PostAsJsonAsync("/api/jobs/summary", new
        {
            grouping = new[] { "Status" },
            search = new[] { new { parameter = "PilotStamp", @operator = "like", value = "x%" } },
        }, Ct);

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Empty((await JobsFixture.JsonAsync(unknown)).AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, withJobId.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badOperator.StatusCode);
    }

    [Fact]
    public async Task Pilot_search_is_scoped_to_the_VO_and_pages_with_a_pilots_Content_Range()
    {
        var lhcb = await fixture.RegisterAsync();
        await fixture.RegisterAsync();
        var gridpp = await fixture.RegisterAsync(fixture.GridppPilot, vo: "gridpp");

        var asGridpp = await fixture.GridppUser.PostAsJsonAsync("/api/pilots/search", new { parameters = new[] { "PilotStamp", "VO" } }, Ct);
        var asAdmin = await fixture.ServiceAdministrator.PostAsJsonAsync("/api/pilots/search?per_page=1", new { }, Ct);
        var summary = await fixture.User.PostAsJsonAsync("/api/pilots/summary", new { grouping = new[] { "VO" } }, Ct);

        var gridppRows = (await JobsFixture.JsonAsync(asGridpp)).AsArray();
        Assert.Contains(gridppRows, r => (string?)r!["PilotStamp"] == gridpp);
        Assert.All(gridppRows, r => Assert.Equal("gridpp", (string?)r!["VO"]));
        Assert.DoesNotContain(gridppRows, r => (string?)r!["PilotStamp"] == lhcb);
        Assert.Equal(HttpStatusCode.PartialContent, asAdmin.StatusCode);
        Assert.Matches(@"^pilots 0-0/\d+$", asAdmin.Content.Headers.GetValues("Content-Range").Single());
        var groups = (await JobsFixture.JsonAsync(summary)).AsArray();
        Assert.Equal("lhcb", (string?)Assert.Single(groups)!["VO"]);
    }

    [Fact]
    public async Task A_pilot_may_touch_one_pilot_of_its_own_VO_and_jobs_of_its_own_VO_only()
    {
        var first = await fixture.RegisterAsync();
        var second = await fixture.RegisterAsync();
        var gridppJobs = await SubmitAsGridppAsync();

        var twoStamps = await JobsFixture.PatchAsync(fixture.Pilot, "/api/pilots/metadata",
            new Dictionary<string, object> { [first] = new { Status = "Running" }, [second] = new { Status = "Running" } });
        var otherVoRegistration = await fixture.Pilot.PostAsJsonAsync("/api/pilots/", new { pilot_stamp = fixture.NewStamp(), vo = "gridpp" }, Ct);
        var otherVoPilot = await JobsFixture.PatchAsync(fixture.GridppPilot, "/api/pilots/metadata",
            new Dictionary<string, object> { [first] = new { Status = "Failed" } });
        var otherVoJobs = await fixture.Pilot.PostAsJsonAsync("/api/pilots/jobs", new { pilot_stamp = first, job_ids = gridppJobs }, Ct);
        var userManaging = await fixture.User.PostAsJsonAsync("/api/pilots/", new { pilot_stamp = fixture.NewStamp(), vo = "lhcb" }, Ct);
        var pilotSearching = await fixture.Pilot.PostAsJsonAsync("/api/pilots/search", new { }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, twoStamps.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherVoRegistration.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherVoPilot.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherVoJobs.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, userManaging.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, pilotSearching.StatusCode);
        Assert.Equal("Submitted", (string?)(await PilotAsync(first))["Status"]);
    }

    private async Task<long[]> SubmitAsGridppAsync()
    {
        var response = await fixture.GridppUser.PostAsJsonAsync("/api/jobs/jdl", new[] { """Executable = "echo";""" }, Ct);
        response.EnsureSuccessStatusCode();
        return [.. (await JobsFixture.JsonAsync(response)).AsArray().Select(j => (long)j!["JobID"]!)];
    }

    [Theory]
    [InlineData("StatusReason", 256, "string_too_long")]
    [InlineData("Queue", 129, "string_too_long")]
    [InlineData("GridSite", 129, "string_too_long")]
    [InlineData("DestinationSite", 129, "string_too_long")]
    [InlineData("GridType", 33, "string_too_long")]
    [InlineData("Status", 0, "enum")]
    public async Task A_pilot_field_longer_than_its_column_or_an_unknown_status_is_a_422_and_changes_nothing(string field, int length, string type)
    {
        var stamp = await fixture.RegisterAsync();
        using var admin = fixture.ServiceAdministrator;
        var value = length == 0 ? "Bogus" : new string('x', length);
        using var response = await JobsFixture.PatchAsync(admin, "/api/pilots/metadata",
            new Dictionary<string, object> { [stamp] = new Dictionary<string, object> { [field] = value, ["BenchMark"] = 7.5 } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = (await JobsFixture.JsonAsync(response))["detail"]![0]!;
        Assert.Equal(type, (string?)problem["type"]);
        Assert.Equal($"""["body","{stamp}","{field}"]""", JobsFixture.Compact(problem["loc"]!));
        Assert.Equal(0.0, await fixture.ScalarAsync<double>("""SELECT "BenchMark" FROM pilotagentsdb."PilotAgents" WHERE "PilotStamp" = $1""", stamp));
    }
}
