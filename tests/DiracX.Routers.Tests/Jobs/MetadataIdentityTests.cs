using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace DiracX.Routers.Tests.Jobs;

/// <summary>
/// Owner, OwnerGroup and VO say whose job it is and with whose identity it runs: through <c>PATCH /api/jobs/metadata</c>
/// only a JobAdministrator may change them (DiracX lets anyone who may manage the job do it, so a user could hand a job
/// to another user, group or VO).
/// </summary>
public class MetadataIdentityTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> OwnershipAsync(long job) =>
        $"{await fixture.ScalarAsync<string>("""SELECT "Owner" FROM jobdb."Jobs" WHERE "JobID" = $1""", job)}/"
        + $"{await fixture.ScalarAsync<string>("""SELECT "OwnerGroup" FROM jobdb."Jobs" WHERE "JobID" = $1""", job)}/"
        + $"{await fixture.ScalarAsync<string>("""SELECT "VO" FROM jobdb."Jobs" WHERE "JobID" = $1""", job)}";

    [Theory]
    [InlineData("Owner", "someone_else")]
    [InlineData("OwnerGroup", "lhcb_admin")]
    [InlineData("VO", "gridpp")]
    public async Task A_user_cannot_hand_their_job_to_another_owner_group_or_vo(string attribute, string value)
    {
        var job = (await fixture.SubmitAsync())[0];
        var before = await OwnershipAsync(job);
        using var user = fixture.User;
        var body = new Dictionary<string, object> { [job.ToString(CultureInfo.InvariantCulture)] = new Dictionary<string, object> { [attribute] = value, ["JobName"] = "renamed" } };
        using var response = await JobsFixture.PatchAsync(user, "/api/jobs/metadata", body);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal($"Only a JobAdministrator may change {attribute}",
            (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["detail"]);
        Assert.Equal(before, await OwnershipAsync(job));
        Assert.NotEqual("renamed", await fixture.ScalarAsync<string>("""SELECT "JobName" FROM jobdb."Jobs" WHERE "JobID" = $1""", job));
    }

    [Fact]
    public async Task A_pilot_cannot_either_but_a_job_administrator_can()
    {
        var job = (await fixture.SubmitAsync())[0];
        var id = job.ToString(CultureInfo.InvariantCulture);
        using var pilot = fixture.Pilot;
        using var user = fixture.User;
        using (var refused = await JobsFixture.PatchAsync(pilot, "/api/jobs/metadata", new Dictionary<string, object> { [id] = new { Owner = "pilot" } }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var ignored = await JobsFixture.PatchAsync(user, "/api/jobs/metadata", new Dictionary<string, object?> { [id] = new Dictionary<string, object?> { ["Owner"] = null, ["JobName"] = "kept" } }))
        {
            // A null value changes nothing (DiracX's exclude_none), so it is not a change of owner.
            Assert.Equal(HttpStatusCode.NoContent, ignored.StatusCode);
        }
        using var admin = fixture.Admin;
        using var allowed = await JobsFixture.PatchAsync(admin, "/api/jobs/metadata", new Dictionary<string, object> { [id] = new { Owner = "repaired" } });
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.StartsWith("repaired/", await OwnershipAsync(job), StringComparison.Ordinal);
    }
}
