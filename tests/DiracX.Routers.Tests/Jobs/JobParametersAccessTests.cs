using System.Net;
using System.Text.Json.Nodes;
using DiracX.Testing;

namespace DiracX.Routers.Tests.Jobs;

/// <summary>
/// GET /api/jobs/{job_id}/parameters checks ownership inside its one read (WmsAccessPolicy.ScopeReadOfOneJob): the
/// answers must be those of the two-statement check it replaces.
/// </summary>
public class JobParametersAccessTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The fixture's routers carry the test extension, whose JobDb tags every parameters document it reads.
    private static JsonObject Untagged(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        Assert.True(document.Remove("LollygagSeen"));
        return document;
    }

    [Fact]
    public async Task The_owner_reads_their_jobs_parameters_and_empty_ones_as_an_empty_object()
    {
        var jobs = await fixture.SubmitAsync(2);
        await fixture.ScalarAsync<object>("""INSERT INTO jobdb."JobParameters" ("JobID", "Parameters") VALUES ($1, '{"HostName": "wn01"}')""", jobs[0]);

        Assert.Equal("wn01", (string?)Untagged(await fixture.User.GetStringAsync($"/api/jobs/{jobs[0]}/parameters", Ct))["HostName"]);
        Assert.Empty(Untagged(await fixture.User.GetStringAsync($"/api/jobs/{jobs[1]}/parameters", Ct)));
    }

    [Fact]
    public async Task Another_owners_another_vos_and_a_missing_job_are_403_for_a_user()
    {
        var jobs = await fixture.SubmitAsync(2);
        await fixture.ScalarAsync<object>("""UPDATE jobdb."Jobs" SET "Owner" = 'bob' WHERE "JobID" = $1""", jobs[0]);
        await fixture.ScalarAsync<object>("""UPDATE jobdb."Jobs" SET "VO" = 'gridpp' WHERE "JobID" = $1""", jobs[1]);

        foreach (var id in new[] { jobs[0], jobs[1], 999_999_990 })
        {
            var response = await fixture.User.GetAsync($"/api/jobs/{id}/parameters", Ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("""{"detail":"Forbidden"}""", await response.Content.ReadAsStringAsync(Ct));
        }
        var ownJob = (await fixture.SubmitAsync())[0];
        var otherVoUser = fixture.App.CreateClient(TestIdentity.OtherVoUser);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherVoUser.GetAsync($"/api/jobs/{ownJob}/parameters", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_administrator_reads_any_job_and_a_missing_one_as_an_empty_object()
    {
        var job = (await fixture.SubmitAsync())[0];
        await fixture.ScalarAsync<object>("""UPDATE jobdb."Jobs" SET "Owner" = 'bob' WHERE "JobID" = $1""", job);
        await fixture.ScalarAsync<object>("""INSERT INTO jobdb."JobParameters" ("JobID", "Parameters") VALUES ($1, '{"GridCE": "ce1"}')""", job);

        Assert.Equal("ce1", (string?)Untagged(await fixture.Admin.GetStringAsync($"/api/jobs/{job}/parameters", Ct))["GridCE"]);
        Assert.Empty(Untagged(await fixture.Admin.GetStringAsync("/api/jobs/999999991/parameters", Ct)));
    }

    [Fact]
    public async Task A_pilot_without_normal_user_is_403()
    {
        var job = (await fixture.SubmitAsync())[0];
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Pilot.GetAsync($"/api/jobs/{job}/parameters", Ct)).StatusCode);
    }
}
