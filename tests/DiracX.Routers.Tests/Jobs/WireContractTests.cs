using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DiracX.Testing;

namespace DiracX.Routers.Tests.Jobs;

/// <summary>
/// Replays the wire examples of inventory 2.6 for the routes that exist (submission, search, summary, error shapes):
/// the same requests, byte-compatible shapes back.
/// </summary>
public partial class WireContractTests(RoutersFixture fixture) : IClassFixture<RoutersFixture>
{
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$")]
    private static partial Regex DiracXTimestamp();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient User => fixture.App.CreateClient(TestIdentity.NormalUser);

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Submit_returns_201_with_JobID_Status_MinorStatus_and_a_Z_timestamp()
    {
        var response = await User.PostAsync("/api/jobs/jdl", Json("""["Executable = \"echo\"; JobName = \"Test_%n\";"]"""), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var job = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal(JsonValueKind.Number, job.GetProperty("JobID").ValueKind);
        Assert.Equal("Received", job.GetProperty("Status").GetString());
        Assert.Equal("Job accepted", job.GetProperty("MinorStatus").GetString());
        Assert.Matches(DiracXTimestamp(), job.GetProperty("TimeStamp").GetString()!);
    }

    [Fact]
    public async Task The_search_example_answers_with_DiracX_shapes()
    {
        await User.PostAsync("/api/jobs/jdl", Json("""["Executable = \"echo\"; Parameters = 3;"]"""), Ct);
        var received = await User.PostAsync("/api/jobs/jdl", Json("""["Executable = \"echo\";"]"""), Ct);
        var id = (await received.Content.ReadFromJsonAsync<JsonElement[]>(Ct))![0].GetProperty("JobID").GetInt64();
        var body = $$"""
            {"parameters": ["JobID", "Status", "SubmissionTime"],
             "search": [{"parameter": "Status", "operator": "eq", "value": "Received"},
                        {"parameter": "JobID", "operator": "in", "values": [{{id}}, {{id + 100000}}, {{id + 100001}}]},
                        {"parameter": "SubmissionTime", "operator": "gt", "value": "2024-01"}],
             "sort": [{"parameter": "JobID", "direction": "asc"}],
             "distinct": false}
            """;
        var response = await User.PostAsync("/api/jobs/search?page=1&per_page=10", Json(body), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var row = Assert.Single(doc.RootElement.EnumerateArray());
        // DiracX returns the columns in table order, whatever the order asked for.
        Assert.Equal(["JobID", "SubmissionTime", "Status"], row.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, row.GetProperty("JobID").GetInt64());
        Assert.Matches(DiracXTimestamp(), row.GetProperty("SubmissionTime").GetString()!);
    }

    [Fact]
    public async Task The_summary_example_answers_with_counts()
    {
        await User.PostAsync("/api/jobs/jdl", Json("""["Executable = \"echo\";"]"""), Ct);
        var response = await User.PostAsync("/api/jobs/summary", Json("""{"grouping": ["Status", "OwnerGroup"], "search": []}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var received = doc.RootElement.EnumerateArray().Single(r => r.GetProperty("Status").GetString() == "Received");
        Assert.Equal(["OwnerGroup", "Status", "count"], received.EnumerateObject().Select(p => p.Name));
        Assert.Equal("lhcb_user", received.GetProperty("OwnerGroup").GetString());
    }

    [Fact]
    public async Task Errors_are_detail_strings_and_validation_failures_are_detail_lists()
    {
        var error = await User.PostAsync("/api/jobs/search", Json("""{"parameters": ["Nope"]}"""), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(JsonValueKind.String, (await error.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").ValueKind);

        var invalid = await User.PostAsync("/api/jobs/search?per_page=0", Json("{}"), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var problem = (await invalid.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail")[0];
        Assert.Equal(["type", "loc", "msg", "input", "ctx"], problem.EnumerateObject().Select(p => p.Name));
    }
}
