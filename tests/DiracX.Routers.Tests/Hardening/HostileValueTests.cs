using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DiracX.Routers.Tests.Jobs;
using DiracX.Testing;

namespace DiracX.Routers.Tests.Hardening;

/// <summary>What a client sees when a value cannot be stored: a 4xx whose <c>detail</c> names the field, never a 500.</summary>
public class HostileValueTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpClient client, string method, string url, string json)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = Json(json) };
        using var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!);
    }

    private static void AssertProblem((HttpStatusCode Status, JsonNode Body) answer, string loc, string message)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        var problem = Assert.Single(answer.Body["detail"]!.AsArray())!;
        Assert.Equal(loc, JobsFixture.Compact(problem["loc"]!));
        Assert.StartsWith(message, (string?)problem["msg"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nul_or_a_lone_surrogate_in_a_jdl_or_a_search_value_is_a_422_naming_the_field()
    {
        AssertProblem(await SendAsync(fixture.User, "POST", "/api/jobs/jdl", """["Executable = \"echo\"; JobName = \"a\u0000b\";"]"""),
            """["body",0]""", "String should not contain NUL characters");
        AssertProblem(await SendAsync(fixture.User, "POST", "/api/jobs/jdl", """["Executable = \"echo\"; JobName = \"a\ud800b\";"]"""),
            """["body",0]""", "String should be valid Unicode");
        AssertProblem(await SendAsync(fixture.User, "POST", "/api/jobs/search",
            """{"search":[{"parameter":"JobName","operator":"eq","value":"a\u0000"}]}"""), """["body","search",0]""", "String should not contain NUL");
        AssertProblem(await SendAsync(fixture.User, "POST", "/api/jobs/search",
            """{"search":[{"parameter":"JobName","operator":"in","values":["x","\udc00"]}]}"""), """["body","search",0]""", "String should be valid Unicode");
    }

    [Fact]
    public async Task A_jdl_value_longer_than_its_column_is_a_422_naming_the_field()
    {
        var answer = await SendAsync(fixture.User, "POST", "/api/jobs/jdl", $$$"""["Executable = \"echo\"; JobName = \"{{{new string('n', 129)}}}\";"]""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Equal("JobName is longer than 128 characters", (string?)answer.Body["detail"]);
        answer = await SendAsync(fixture.User, "POST", "/api/jobs/jdl", $$$"""["Executable = \"echo\"; Site = \"{{{new string('s', 101)}}}\";"]""");
        Assert.Equal("Site is longer than 100 characters", (string?)answer.Body["detail"]);
    }

    [Fact]
    public async Task Status_reports_refuse_long_minor_statuses_and_truncate_application_status_and_source_as_DiracX()
    {
        var job = (await fixture.SubmitAsync())[0];
        var id = job.ToString(CultureInfo.InvariantCulture);
        var before = await fixture.ScalarAsync<long>("""SELECT count(*) FROM jobloggingdb."LoggingInfo" WHERE "JobID" = $1""", job);
        AssertProblem(await SendAsync(fixture.Admin, "PATCH", "/api/jobs/status",
            $$$$"""{"{{{{id}}}}":{"2024-01-01T00:00:00+00:00":{"MinorStatus":"{{{{new string('m', 129)}}}}"}}}"""),
            $$$"""["body","{{{id}}}","MinorStatus"]""", "String should have at most 128 characters");
        AssertProblem(await SendAsync(fixture.Admin, "PATCH", "/api/jobs/status",
            $$$$"""{"{{{{id}}}}":{"2024-01-01T00:00:00+00:00":{"Source":"a\u0000b"}}}"""), $$$$"""["body","{{{{id}}}}","2024-01-01T00:00:00\u002B00:00","Source"]""",
            "String should not contain NUL");
        Assert.Equal(before, await fixture.ScalarAsync<long>("""SELECT count(*) FROM jobloggingdb."LoggingInfo" WHERE "JobID" = $1""", job));

        var ok = await SendAsync(fixture.Admin, "PATCH", "/api/jobs/status",
            $$$$"""{"{{{{id}}}}":{"{{{{DateTimeOffset.UtcNow:O}}}}":{"ApplicationStatus":"{{{{new string('a', 300)}}}}","Source":"{{{{new string('s', 40)}}}}"}}}""");
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Equal(new string('a', 255), await fixture.ScalarAsync<string>("""SELECT "ApplicationStatus" FROM jobdb."Jobs" WHERE "JobID" = $1""", job));
        Assert.Equal(new string('a', 255), await fixture.ScalarAsync<string>(
            """SELECT "ApplicationStatus" FROM jobloggingdb."LoggingInfo" WHERE "JobID" = $1 ORDER BY "SeqNum" DESC LIMIT 1""", job));
        Assert.Equal(new string('s', 32), await fixture.ScalarAsync<string>(
            """SELECT "StatusSource" FROM jobloggingdb."LoggingInfo" WHERE "JobID" = $1 ORDER BY "SeqNum" DESC LIMIT 1""", job));
    }

    [Fact]
    public async Task Heartbeats_and_metadata_refuse_infinite_numbers_and_oversized_or_unstorable_text()
    {
        var job = (await fixture.SubmitAsync())[0];
        var id = job.ToString(CultureInfo.InvariantCulture);
        AssertProblem(await SendAsync(fixture.Admin, "PATCH", "/api/jobs/heartbeat", $$$"""{"{{{id}}}":{"LoadAverage":1e400}}"""),
            $$$"""["body","{{{id}}}","LoadAverage"]""", "Input should be a finite number");
        AssertProblem(await SendAsync(fixture.Admin, "PATCH", "/api/jobs/heartbeat", $$$"""{"{{{id}}}":{"StandardOutput":"{{{new string('o', 70_000)}}}"}}"""),
            $$$"""["body","{{{id}}}","StandardOutput"]""", "String should have at most 65536 characters");
        AssertProblem(await SendAsync(fixture.Admin, "PATCH", "/api/jobs/metadata", $$$$"""{"{{{{id}}}}":{"MyParameter":{"deep":"\ud800"}}}"""),
            $$$"""["body","{{{id}}}","MyParameter"]""", "String should be valid Unicode");
        var key = await SendAsync(fixture.Admin, "PATCH", "/api/jobs/metadata", $$$"""{"{{{id}}}":{"a\u0000b":"x"}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, key.Status);
        Assert.StartsWith($$$"""["body","{{{id}}}",""", JobsFixture.Compact(key.Body["detail"]![0]!["loc"]!), StringComparison.Ordinal);
        Assert.Equal("String should not contain NUL characters", (string?)key.Body["detail"]![0]!["msg"]);
        AssertProblem(await SendAsync(fixture.Admin, "PATCH", "/api/jobs/metadata", $$$"""{"{{{id}}}":{"MyCount":100000000000000000000}}"""),
            $$$"""["body","{{{id}}}","MyCount"]""", "Input should be an integer of at most 64 bits");
        var nan = await SendAsync(fixture.Admin, "PATCH", "/api/jobs/metadata", $$$"""{"{{{id}}}":{"Memory(MB)":"NaN"}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nan.Status);
        Assert.Equal($$$"""["body","{{{id}}}","Memory(MB)"]""", JobsFixture.Compact(nan.Body["detail"]![0]!["loc"]!));
        var parameters = JsonNode.Parse(await fixture.User.GetStringAsync($"/api/jobs/{id}/parameters", Ct))!.AsObject();
        Assert.False(parameters.ContainsKey("MyParameter") || parameters.ContainsKey("MyCount") || parameters.ContainsKey("Memory(MB)")
            || parameters.ContainsKey("LoadAverage") || parameters.ContainsKey("StandardOutput"), parameters.ToJsonString());
    }

    [Fact]
    public async Task A_nul_in_a_query_parameter_is_a_422_naming_it_and_no_flow_is_stored()
    {
        using var client = fixture.App.CreateClient();
        using var response = await client.PostAsync("/api/auth/device?client_id=myDIRACClientID&scope=vo:lhcb%00", null, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["detail"]![0]!;
        Assert.Equal("""["query","scope"]""", JobsFixture.Compact(problem["loc"]!));
        Assert.Equal(0, await fixture.ScalarAsync<long>("""SELECT count(*) FROM authdb."DeviceFlows" """));
    }
}
