using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DiracX.Testing;

namespace DiracX.Routers.Tests.Jobs;

/// <summary>Search and summary over HTTP, scoped per VO and owner (quirk A1 fixed), with DiracX's pagination.</summary>
public sealed class JobSearchRouteTests : IAsyncLifetime
{
    private static readonly TestIdentity s_bob = TestIdentity.OtherVoUser with { IdpSubject = "9a1b2c3d-0000-4000-8000-00000000b0b0", PreferredUsername = "bob" };
    private DiracXTestApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await DiracXTestApp.StartAsync(RoutersFixture.Modules, new Dictionary<string, string?> { ["DiracX:Lollygag:Motto"] = "m" }, cancellationToken: Ct);
        await SubmitAsync(TestIdentity.NormalUser, 3, "chaen_job");
        await SubmitAsync(TestIdentity.Admin with { Properties = ["NormalUser"] }, 2, "albdr_job");
        await SubmitAsync(TestIdentity.OtherVoUser, 1, "alice_job");
        await SubmitAsync(s_bob, 2, "bob_job");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task SubmitAsync(TestIdentity identity, int count, string name)
    {
        var response = await _app.CreateClient(identity).PostAsJsonAsync("/api/jobs/jdl",
            new[] { $"Executable = \"echo\"; JobName = \"{name}\"; Parameters = {count};" }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<(HttpResponseMessage Response, JsonElement[] Rows)> SearchAsync(TestIdentity identity, object? body = null, string query = "")
    {
        var response = await _app.CreateClient(identity).PostAsJsonAsync($"/api/jobs/search{query}", body ?? new { parameters = new[] { "JobID", "Owner", "VO", "JobName" } }, Ct);
        var rows = response.StatusCode is HttpStatusCode.OK or HttpStatusCode.PartialContent or HttpStatusCode.RequestedRangeNotSatisfiable
            ? (await response.Content.ReadFromJsonAsync<JsonElement[]>(Ct))!
            : [];
        return (response, rows);
    }

    private static IEnumerable<string> Owners(JsonElement[] rows) => rows.Select(r => r.GetProperty("Owner").GetString()!).Distinct().Order();

    [Fact]
    public async Task A_user_sees_every_job_of_their_VO_but_none_of_another_VO()
    {
        var (response, rows) = await SearchAsync(TestIdentity.NormalUser);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["albdr", "chaen"], Owners(rows));
        Assert.All(rows, r => Assert.Equal("lhcb", r.GetProperty("VO").GetString()));
    }

    [Fact]
    public async Task Without_GlobalJobsInfo_a_user_sees_only_their_own_jobs()
    {
        var (_, rows) = await SearchAsync(s_bob);
        Assert.Equal(["bob"], Owners(rows));
        Assert.Equal(2, rows.Length);
    }

    [Fact]
    public async Task A_job_administrator_sees_all_jobs()
    {
        var (_, rows) = await SearchAsync(TestIdentity.Admin);
        Assert.Equal(["albdr", "alice", "bob", "chaen"], Owners(rows));
    }

    [Fact]
    public async Task Filters_cannot_escape_the_scope()
    {
        var body = new { search = new object[] { new { parameter = "VO", @operator = "eq", value = "gridpp" } } };
        var (_, rows) = await SearchAsync(TestIdentity.NormalUser, body);
        Assert.Empty(rows);
    }

    [Fact]
    public async Task A_partial_page_is_206_with_content_range_and_past_the_end_is_416()
    {
        var (partial, rows) = await SearchAsync(TestIdentity.Admin, query: "?page=1&per_page=3");
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(3, rows.Length);
        Assert.Equal("jobs 0-2/8", partial.Content.Headers.ContentRange?.ToString() ?? partial.Headers.GetValues("Content-Range").Single());

        var (beyond, empty) = await SearchAsync(TestIdentity.Admin, query: "?page=5&per_page=3");
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
        Assert.Empty(empty);
        Assert.Equal("jobs */8", beyond.Content.Headers.ContentRange?.ToString() ?? beyond.Headers.GetValues("Content-Range").Single());
    }

    [Fact]
    public async Task A_browser_pages_with_content_range_exposed_by_cors()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs/search?page=1&per_page=3")
        {
            Content = JsonContent.Create(new { parameters = new[] { "JobID" } }),
        };
        request.Headers.Add("Origin", "http://localhost:3000");
        var response = await _app.CreateClient(TestIdentity.Admin).SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("http://localhost:3000", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("Content-Range", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("gt", "2024-01-01T00:00:00.000Z")]           // a browser's Date.toISOString()
    [InlineData("gt", "2024-01-01T00:00:00Z")]
    [InlineData("gt", "2024-01-01T00:00:00+00:00")]          // Python's isoformat() of an aware datetime
    [InlineData("gt", "2024-01-01T00:00:00.123456")]         // Python's isoformat() of a naive one
    [InlineData("gt", "2024-01-01 00:00:00")]                // str(datetime)
    [InlineData("gt", "2024-01-01T00:00:00.123456+00:00")]
    public async Task Date_filters_accept_the_utc_forms_browsers_and_python_write(string op, string value)
    {
        var future = value.Replace("2024", "2999", StringComparison.Ordinal);
        var past = await SearchAsync(TestIdentity.Admin, new { parameters = new[] { "JobID" }, search = new object[] { new { parameter = "SubmissionTime", @operator = op, value } } });
        Assert.Equal(HttpStatusCode.OK, past.Response.StatusCode);
        Assert.Equal(8, past.Rows.Length);
        var none = await SearchAsync(TestIdentity.Admin, new { parameters = new[] { "JobID" }, search = new object[] { new { parameter = "SubmissionTime", @operator = op, value = future } } });
        Assert.Equal(HttpStatusCode.OK, none.Response.StatusCode);
        Assert.Empty(none.Rows);
    }

    [Theory]
    [InlineData("?per_page=0")]
    [InlineData("?per_page=10001")]
    [InlineData("?page=0")]
    public async Task Out_of_range_pagination_is_422(string query)
    {
        var (response, _) = await SearchAsync(TestIdentity.Admin, query: query);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_parameter_is_400()
    {
        var (response, _) = await SearchAsync(TestIdentity.NormalUser, new { parameters = new[] { "NoSuchColumn" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_PilotStamp_is_an_empty_page_not_an_error()
    {
        var body = new { search = new object[] { new { parameter = "PilotStamp", @operator = "eq", value = "abc" } } };
        var (response, _) = await SearchAsync(TestIdentity.NormalUser, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_summary_counts_within_the_scope()
    {
        var response = await _app.CreateClient(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/summary",
            new { grouping = new[] { "Owner" }, search = Array.Empty<object>() }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = (await response.Content.ReadFromJsonAsync<JsonElement[]>(Ct))!;
        Assert.Equal(new Dictionary<string, int> { ["albdr"] = 2, ["chaen"] = 3 },
            rows.ToDictionary(r => r.GetProperty("Owner").GetString()!, r => r.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task Sql_in_values_is_only_data()
    {
        var body = new { search = new object[] { new { parameter = "Owner", @operator = "eq", value = "x' OR '1'='1" } } };
        var (response, rows) = await SearchAsync(TestIdentity.Admin, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(rows);
    }

    [Fact]
    public async Task Rows_written_by_the_search_and_rows_with_their_history_have_the_same_bytes()
    {
        var user = _app.CreateClient(TestIdentity.NormalUser);
        string[] columns = ["JobID", "Status", "SubmissionTime", "VerifiedFlag", "JobName", "UserPriority"];
        var plain = await user.PostAsJsonAsync("/api/jobs/search?per_page=1", new { parameters = columns }, Ct);
        var withHistory = await user.PostAsJsonAsync("/api/jobs/search?per_page=1", new { parameters = columns.Append("LoggingInfo") }, Ct);

        Assert.Equal(HttpStatusCode.PartialContent, plain.StatusCode);
        Assert.Equal("application/json; charset=utf-8", plain.Content.Headers.ContentType?.ToString());
        Assert.Equal(plain.Content.Headers.GetValues("Content-Range"), withHistory.Content.Headers.GetValues("Content-Range"));
        var body = await plain.Content.ReadAsStringAsync(Ct);
        Assert.Matches("""^\[\{"JobID":\d+,"JobName":"chaen_job",.*"SubmissionTime":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z",.*\}\]$""", body);
        Assert.Contains("\"Status\":\"Submitting\",\"UserPriority\":1,\"VerifiedFlag\":true}]", body, StringComparison.Ordinal);
        var historyBody = await withHistory.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith(body[..^2] + ",\"LoggingInfo\":[", historyBody, StringComparison.Ordinal);
    }
}
