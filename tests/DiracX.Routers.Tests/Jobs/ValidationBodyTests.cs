using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace DiracX.Routers.Tests.Jobs;

/// <summary>422 bodies as FastAPI writes pydantic v2's errors (type, loc, msg, input, ctx), route by route, field by field.</summary>
public class ValidationBodyTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<string> ProblemsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.ToJsonString();
    }

    private async Task<string> SendAsync(HttpMethod method, string url, string? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : Json(body) };
        return await ProblemsAsync(await fixture.Admin.SendAsync(request, Ct));
    }

    [Fact]
    public async Task Body_errors_locate_the_field_and_quote_the_input()
    {
        Assert.Equal("""{"detail":[{"type":"missing","loc":["body","job_ids"],"msg":"Field required","input":{}}]}""",
            await SendAsync(HttpMethod.Post, "/api/jobs/reschedule", "{}"));
        Assert.Equal("""{"detail":[{"type":"int_parsing","loc":["body","job_ids",1],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"x"}]}""",
            await SendAsync(HttpMethod.Post, "/api/jobs/remove", """{"job_ids": [1, "x"]}"""));
        Assert.Equal("""{"detail":[{"type":"string_type","loc":["body","parameters",0],"msg":"Input should be a valid string","input":1}]}""",
            await SendAsync(HttpMethod.Post, "/api/jobs/search", """{"parameters": [1]}"""));
        Assert.Equal("""{"detail":[{"type":"list_type","loc":["body","job_ids"],"msg":"Input should be a valid list","input":"1"}]}""",
            await SendAsync(HttpMethod.Post, "/api/jobs/reschedule", """{"job_ids": "1"}"""));
    }

    [Fact]
    public async Task Heartbeats_refuse_extra_keys_and_bad_numbers_per_job()
    {
        var job = (await fixture.SubmitAsync())[0].ToString(CultureInfo.InvariantCulture);
        Assert.Equal($$$"""{"detail":[{"type":"extra_forbidden","loc":["body","{{{job}}}","Foo"],"msg":"Extra inputs are not permitted","input":"bar"}]}""",
            await SendAsync(HttpMethod.Patch, "/api/jobs/heartbeat", $$$"""{"{{{job}}}": {"Vsize": 1, "Foo": "bar"}}"""));
        Assert.Equal($$$"""{"detail":[{"type":"float_parsing","loc":["body","{{{job}}}","Vsize"],"msg":"Input should be a valid number, unable to parse string as a number","input":"big"}]}""",
            await SendAsync(HttpMethod.Patch, "/api/jobs/heartbeat", $$$"""{"{{{job}}}": {"Vsize": "big"}}"""));
        Assert.Equal($$$"""{"detail":[{"type":"string_type","loc":["body","{{{job}}}","StandardOutput"],"msg":"Input should be a valid string","input":5}]}""",
            await SendAsync(HttpMethod.Patch, "/api/jobs/heartbeat", $$$"""{"{{{job}}}": {"StandardOutput": 5}}"""));
    }

    [Fact]
    public async Task An_unknown_status_is_an_enum_error_listing_the_statuses()
    {
        var job = (await fixture.SubmitAsync())[0].ToString(CultureInfo.InvariantCulture);
        var body = await SendAsync(HttpMethod.Patch, "/api/jobs/status",
            $$$$"""{"{{{{job}}}}": {"2024-01-01T00:00:00+00:00": {"Status": "Scouting"}}}""");
        var problem = JsonNode.Parse(body)!["detail"]![0]!;
        Assert.Equal("enum", (string?)problem["type"]);
        Assert.Equal(["body", job, "2024-01-01T00:00:00+00:00", "Status"], problem["loc"]!.AsArray().Select(n => (string?)n));
        Assert.StartsWith("Input should be 'Submitting', 'Received',", (string?)problem["msg"], StringComparison.Ordinal);
        Assert.EndsWith(" or 'Rescheduled'", (string?)problem["msg"], StringComparison.Ordinal);
        Assert.Equal("Scouting", (string?)problem["input"]);
        Assert.Equal(((string?)problem["msg"])!["Input should be ".Length..], (string?)problem["ctx"]!["expected"]);
    }

    [Fact]
    public async Task Query_and_path_parameters_that_do_not_parse_name_their_source()
    {
        Assert.Equal("""{"detail":[{"type":"int_parsing","loc":["query","page"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}]}""",
            await SendAsync(HttpMethod.Post, "/api/jobs/search?page=abc", "{}"));
        Assert.Equal("""{"detail":[{"type":"bool_parsing","loc":["query","force"],"msg":"Input should be a valid boolean, unable to interpret input","input":"maybe"}]}""",
            await SendAsync(HttpMethod.Patch, "/api/jobs/status?force=maybe", "{}"));
        Assert.Equal("""{"detail":[{"type":"int_parsing","loc":["path","job_id"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}]}""",
            await SendAsync(HttpMethod.Get, "/api/jobs/abc/parameters"));
        Assert.Equal("""{"detail":[{"type":"greater_than_equal","loc":["query","per_page"],"msg":"Input should be greater than or equal to 1","input":"0","ctx":{"ge":1}}]}""",
            await SendAsync(HttpMethod.Post, "/api/jobs/search?per_page=0", "{}"));
    }

    [Fact]
    public async Task Missing_and_malformed_bodies()
    {
        Assert.Equal("""{"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]}""",
            await SendAsync(HttpMethod.Post, "/api/jobs/reschedule"));
        Assert.Equal("""{"detail":[{"type":"json_invalid","loc":["body",16],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}]}""",
            await SendAsync(HttpMethod.Post, "/api/jobs/reschedule", """{"job_ids": [1, x]}"""));
    }

    [Fact]
    public async Task A_missing_parameter_is_located_by_its_wire_name()
    {
        using var user = fixture.User;
        async Task<string> Loc(HttpRequestMessage request)
        {
            using (request)
            {
                using var response = await user.SendAsync(request, Ct);
                return JsonNode.Parse(await ProblemsAsync(response))!["detail"]![0]!["loc"]!.ToJsonString();
            }
        }
        Assert.Equal("""["query","user_code"]""", await Loc(new HttpRequestMessage(HttpMethod.Get, "/api/auth/device")));
        Assert.Equal("""["query","client_id"]""", await Loc(new HttpRequestMessage(HttpMethod.Post, "/api/auth/device?scope=vo:lhcb")));
        Assert.Equal("""["query","code_challenge"]""", await Loc(new HttpRequestMessage(HttpMethod.Get, "/api/auth/authorize?response_type=code")));
        Assert.Equal("""["body","grant_type"]""", await Loc(new HttpRequestMessage(HttpMethod.Post, "/api/auth/token")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("client_id", "myDIRACClientID")]),
        }));
        Assert.Equal("""["body","client_id"]""", await Loc(new HttpRequestMessage(HttpMethod.Post, "/api/auth/token")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("grant_type", "refresh_token")]),
        }));
        Assert.Equal("""["body","grant_type"]""", await Loc(new HttpRequestMessage(HttpMethod.Post, "/api/auth/token")
        {
            Content = new FormUrlEncodedContent([]),
        }));
    }

    [Theory]
    [InlineData("SubmissionTime", "\"garbage\"")]
    [InlineData("HeartBeatTime", "\"2026-13-45T00:00:00Z\"")]
    [InlineData("UserPriority", "\"abc\"")]
    [InlineData("VerifiedFlag", "\"maybe\"")]
    [InlineData("Site", "[\"a\"]")]
    public async Task A_bad_metadata_value_is_located_at_its_attribute_and_quoted(string attribute, string value)
    {
        var job = (await fixture.SubmitAsync())[0].ToString(CultureInfo.InvariantCulture);
        var problem = JsonNode.Parse(await SendAsync(HttpMethod.Patch, "/api/jobs/metadata", $$$"""{"{{{job}}}": {"{{{attribute}}}": {{{value}}}}}"""))!["detail"]![0]!;
        Assert.Equal($"""["body","{job}","{attribute}"]""", problem["loc"]!.ToJsonString());
        Assert.Equal(JsonNode.Parse(value)!.ToJsonString(), problem["input"]?.ToJsonString());
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("-1")]
    [InlineData("99999999999999")]
    public async Task A_status_timestamp_outside_the_history_s_range_is_a_422_at_its_key_and_changes_nothing(string stamp)
    {
        var job = (await fixture.SubmitAsync())[0];
        var id = job.ToString(CultureInfo.InvariantCulture);
        var before = (await fixture.GetJobAsync(job)).ToJsonString();
        var problem = JsonNode.Parse(await SendAsync(HttpMethod.Patch, "/api/jobs/status",
            $$$$"""{"{{{{id}}}}": {"{{{{stamp}}}}": {"Status": "Killed"}}}"""))!["detail"]![0]!;
        Assert.Equal($"""["body","{id}","{stamp}"]""", problem["loc"]!.ToJsonString());
        Assert.StartsWith("Value error, the timestamp must lie between ", (string?)problem["msg"], StringComparison.Ordinal);
        Assert.Equal(before, (await fixture.GetJobAsync(job)).ToJsonString());
    }

    [Fact]
    public async Task An_optional_integer_query_parameter_that_does_not_parse_is_an_int_parsing_error()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/legacy-exchange?preferred_username=chaen&scope=vo:lhcb&expires_minutes=abc");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer diracx:legacy:AAAA");
        using var client = fixture.App.CreateClient();
        Assert.Equal("""{"detail":[{"type":"int_parsing","loc":["query","expires_minutes"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}]}""",
            await ProblemsAsync(await client.SendAsync(request, Ct)));
    }
}
