using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DiracX.Testing;

namespace DiracX.Routers.Tests.Jobs;

/// <summary><c>POST /api/jobs/jdl</c> over HTTP with real tokens and the WMS policy (inventory 2.2, 2.4, 2.6).</summary>
public class JobSubmissionRouteTests(RoutersFixture fixture) : IClassFixture<RoutersFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> SubmitAsync(TestIdentity identity, params string[] jdls) =>
        fixture.App.CreateClient(identity).PostAsJsonAsync("/api/jobs/jdl", jdls, Ct);

    [Fact]
    public async Task A_simple_job_is_received_with_DiracX_fields()
    {
        var response = await SubmitAsync(TestIdentity.NormalUser, "Executable = \"echo\"; JobName = \"simple\";");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var job = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(["JobID", "Status", "MinorStatus", "TimeStamp"], job.EnumerateObject().Select(p => p.Name));
        Assert.True(job.GetProperty("JobID").GetInt64() > 0);
        Assert.Equal("Received", job.GetProperty("Status").GetString());
        Assert.Equal("Job accepted", job.GetProperty("MinorStatus").GetString());
    }

    [Fact]
    public async Task A_parametric_job_expands_into_submitting_jobs()
    {
        var response = await SubmitAsync(TestIdentity.NormalUser, "Executable = \"echo\"; JobName = \"p_%n\"; Parameters = 3;");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var jobs = await response.Content.ReadFromJsonAsync<JsonElement[]>(Ct);
        Assert.Equal(3, jobs!.Length);
        Assert.All(jobs, j => Assert.Equal("Bulk transaction confirmation", j.GetProperty("MinorStatus").GetString()));
        Assert.Equal(3, jobs.Select(j => j.GetProperty("JobID").GetInt64()).Distinct().Count());
    }

    [Fact]
    public async Task Bulk_submission_returns_one_job_per_jdl()
    {
        var response = await SubmitAsync(TestIdentity.NormalUser, "Executable = \"a\";", "Executable = \"b\";");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement[]>(Ct))!.Length);
    }

    [Fact]
    public async Task A_malformed_jdl_is_a_400_with_its_position()
    {
        var response = await SubmitAsync(TestIdentity.NormalUser, "Executable = \"echo\"\nArguments = ;");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString();
        Assert.Contains("JDL syntax error at line", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_twenty_jobs_is_a_400()
    {
        var response = await SubmitAsync(TestIdentity.NormalUser, "Executable = \"echo\"; Parameters = 21;");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("20", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_a_list_of_strings_is_a_422()
    {
        var response = await fixture.App.CreateClient(TestIdentity.NormalUser)
            .PostAsync("/api/jobs/jdl", new StringContent("{\"jdl\": 1}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task An_administrator_without_NormalUser_cannot_create_jobs()
    {
        var response = await SubmitAsync(TestIdentity.Admin, "Executable = \"echo\";");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("""{"detail":"Forbidden"}""", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Submission_needs_a_token()
    {
        var response = await fixture.Client.PostAsJsonAsync("/api/jobs/jdl", new[] { "Executable = \"echo\";" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
