using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DiracX.Routers.Tests.Pilots;

namespace DiracX.Routers.Tests.Hardening;

/// <summary>
/// A JSON <c>null</c> where a list item or a per-job (per-stamp) value must be an object or a string: a 422 locating it,
/// as pydantic reports it, never a 500, and nothing written.
/// </summary>
public class NullItemTests(PilotsFixture fixture) : IClassFixture<PilotsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode> ProblemAsync(HttpClient client, HttpMethod method, string url, string body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{method} {url} {body}: {(int)response.StatusCode} {text}");
        var problem = JsonNode.Parse(text)!["detail"]![0]!;
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["msg"]));
        return problem;
    }

    private static string[] Loc(JsonNode problem) => [.. problem["loc"]!.AsArray().Select(n => n!.ToString())];

    [Fact]
    public async Task A_null_jdl_is_a_string_type_error_at_its_index_and_submits_nothing()
    {
        using var user = fixture.User;
        var before = await fixture.ScalarAsync<long>("""SELECT count(*) FROM jobdb."Jobs" """);
        var problem = await ProblemAsync(user, HttpMethod.Post, "/api/jobs/jdl", """["Executable = \"echo\";", null]""");
        Assert.Equal("string_type", (string?)problem["type"]);
        Assert.Equal(["body", "1"], Loc(problem));
        Assert.Equal(before, await fixture.ScalarAsync<long>("""SELECT count(*) FROM jobdb."Jobs" """));
    }

    [Theory]
    [InlineData("/api/jobs/search", """{"search": [null]}""", "body,search,0")]
    [InlineData("/api/jobs/search", """{"sort": [null]}""", "body,sort,0")]
    [InlineData("/api/jobs/search", """{"parameters": ["JobID", null]}""", "body,parameters,1")]
    [InlineData("/api/jobs/search", """{"search": [{"parameter": "JobID", "operator": "in", "values": [1, null]}]}""", "body,search,0")]
    [InlineData("/api/jobs/summary", """{"grouping": [null]}""", "body,grouping,0")]
    [InlineData("/api/jobs/summary", """{"grouping": ["Status"], "search": [null]}""", "body,search,0")]
    [InlineData("/api/pilots/search", """{"search": [null]}""", "body,search,0")]
    [InlineData("/api/pilots/summary", """{"grouping": [null]}""", "body,grouping,0")]
    public async Task A_null_search_item_is_a_422_at_its_index(string url, string body, string loc)
    {
        using var admin = fixture.ServiceAdministrator;
        using var jobAdmin = fixture.Admin;
        var problem = await ProblemAsync(url.StartsWith("/api/pilots", StringComparison.Ordinal) ? admin : jobAdmin, HttpMethod.Post, url, body);
        Assert.Equal(loc.Split(','), Loc(problem));
    }

    [Fact]
    public async Task A_null_report_per_job_is_a_422_at_the_job_and_changes_nothing()
    {
        var job = (await fixture.SubmitAsync())[0].ToString(CultureInfo.InvariantCulture);
        using var admin = fixture.Admin;
        var status = await fixture.GetJobAsync(long.Parse(job, CultureInfo.InvariantCulture));
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        Assert.Equal(["body", job], Loc(await ProblemAsync(admin, HttpMethod.Patch, "/api/jobs/status", $$"""{"{{job}}": null}""")));
        Assert.Equal(["body", job, now], Loc(await ProblemAsync(admin, HttpMethod.Patch, "/api/jobs/status",
            $$$"""{"{{{job}}}": {"{{{now}}}": null}}""")));
        Assert.Equal(["body", job], Loc(await ProblemAsync(admin, HttpMethod.Patch, "/api/jobs/heartbeat", $$"""{"{{job}}": null}""")));
        Assert.Equal(["body", job], Loc(await ProblemAsync(admin, HttpMethod.Patch, "/api/jobs/metadata", $$"""{"{{job}}": null}""")));
        Assert.Equal(status.ToJsonString(), (await fixture.GetJobAsync(long.Parse(job, CultureInfo.InvariantCulture))).ToJsonString());
    }

    [Fact]
    public async Task A_null_pilot_patch_or_resource_status_is_a_422_and_changes_nothing()
    {
        var stamp = await fixture.RegisterAsync();
        using var admin = fixture.ServiceAdministrator;
        Assert.Equal(["body", stamp], Loc(await ProblemAsync(admin, HttpMethod.Patch, "/api/pilots/metadata", $$"""{"{{stamp}}": null}""")));
        Assert.Equal(["body", "1"], Loc(await ProblemAsync(admin, HttpMethod.Patch, "/api/rss/statuses",
            """[{"name": "LCG.Null.ch", "element_type": "Site", "status_type": "all", "vo": "lhcb", "status": "Banned", "reason": "r"}, null]""")));
        Assert.Equal(0L, await fixture.ScalarAsync<long>("""SELECT count(*) FROM resourcestatusdb."SiteStatus" WHERE "Name" = 'LCG.Null.ch'"""));
    }

    [Theory]
    [InlineData("""{"search": [{"parameter": "JobID", "operator": "zz", "value": 1}]}""", "Value error, 'operator' should be 'eq', 'neq', 'gt', 'lt', 'like', 'not like', 'regex', 'in' or 'not in'")]
    [InlineData("""{"search": [{"parameter": "JobID", "operator": "eq"}]}""", "Value error, Field required: 'value'")]
    [InlineData("""{"search": [{"parameter": "JobID", "operator": "in", "value": 1}]}""", "Value error, Field required: 'values'")]
    [InlineData("""{"search": [{"parameter": "JobID", "operator": "eq", "value": 1.5}]}""", "Value error, Input should be a valid string or a 64-bit integer")]
    public async Task A_malformed_search_filter_says_what_is_wrong(string body, string message)
    {
        using var admin = fixture.Admin;
        var problem = await ProblemAsync(admin, HttpMethod.Post, "/api/jobs/search", body);
        Assert.Equal(["body", "search", "0"], Loc(problem));
        Assert.Equal("value_error", (string?)problem["type"]);
        Assert.Equal(message, (string?)problem["msg"]);
    }

    [Theory]
    [InlineData("POST", "/api/jobs/search", """{"search": null}""", "body,search", "list_type", "Input should be a valid list")]
    [InlineData("POST", "/api/jobs/summary", """{"grouping": null}""", "body,grouping", "list_type", "Input should be a valid list")]
    [InlineData("POST", "/api/jobs/reschedule", """{"job_ids": null}""", "body,job_ids", "list_type", "Input should be a valid list")]
    [InlineData("POST", "/api/pilots", """{"pilot_stamp": "s", "vo": "lhcb", "grid_type": null}""", "body,grid_type", "string_type", "Input should be a valid string")]
    [InlineData("PATCH", "/api/rss/statuses", """[{"name": null, "element_type": "Site", "status_type": "all", "vo": "lhcb", "status": "Banned", "reason": "r"}]""", "body,0,name", "string_type", "Input should be a valid string")]
    public async Task A_null_for_a_required_value_names_the_type_expected(string method, string url, string body, string loc, string type, string message)
    {
        using var admin = url.StartsWith("/api/jobs", StringComparison.Ordinal) ? fixture.Admin : fixture.ServiceAdministrator;
        var problem = await ProblemAsync(admin, new HttpMethod(method), url, body);
        Assert.Equal(loc.Split(','), Loc(problem));
        Assert.Equal(type, (string?)problem["type"]);
        Assert.Equal(message, (string?)problem["msg"]);
    }
}
