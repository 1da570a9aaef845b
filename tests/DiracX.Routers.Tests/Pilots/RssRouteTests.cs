using System.Net;
using System.Net.Http.Json;
using DiracX.Routers.Tests.Jobs;

namespace DiracX.Routers.Tests.Pilots;

/// <summary>The RSS routes over HTTP: DiracX's shapes, VO overlay, status mapping and caching headers; our admin route.</summary>
public class RssRouteTests(PilotsFixture fixture) : IClassFixture<PilotsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Entry(string name, string type, string status, string statusType = "all", string vo = "all", string reason = "Unspecified") =>
        new { name, element_type = type, status_type = statusType, vo, status, reason };

    private async Task SeedAsync()
    {
        // The route takes only the statuses of the status machine; rows written by legacy DIRAC may hold others, which
        // the reading side must still map: one is set by SQL between two writes (the second drops the shared snapshot).
        var first = await JobsFixture.PatchAsync(fixture.ServiceAdministrator, "/api/rss/statuses",
            new[] { Entry("CERN-SE", "StorageElement", "Active", "RemoveAccess") });
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(1L, await fixture.ScalarAsync<long>("""
            WITH u AS (UPDATE resourcestatusdb."ResourceStatus" SET "Status" = 'Bogus'
                WHERE "Name" = 'CERN-SE' AND "StatusType" = 'RemoveAccess' RETURNING 1)
            SELECT count(*) FROM u
            """));
        var body = new List<object>
        {
            Entry("CERN-SE", "StorageElement", "Active", "ReadAccess"),
            Entry("CERN-SE", "StorageElement", "Degraded", "WriteAccess", reason: "slow disks"),
            Entry("CERN-SE", "StorageElement", "Banned", "CheckAccess", reason: "broken"),
            Entry("HALF-SE", "StorageElement", "Active", "ReadAccess"),
            Entry("ce.cern.ch", "ComputeElement", "Active"),
            Entry("ce.cern.ch", "ComputeElement", "Banned", vo: "gridpp", reason: "gridpp downtime"),
            Entry("LCG.CERN.cern", "Site", "Probing", reason: ""),
            Entry("fts.cern.ch", "FTS", "Degraded", reason: ""),
        };
        var response = await JobsFixture.PatchAsync(fixture.ServiceAdministrator, "/api/rss/statuses", body);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Statuses_have_DiracX_shapes_mapping_and_VO_overlay()
    {
        await SeedAsync();

        var storage = await fixture.User.GetStringAsync("/api/rss/storage", Ct);
        var compute = await fixture.User.GetStringAsync("/api/rss/compute", Ct);
        var gridppCompute = await fixture.GridppUser.GetStringAsync("/api/rss/compute", Ct);
        var site = await fixture.User.GetStringAsync("/api/rss/site", Ct);
        var fts = await fixture.User.GetStringAsync("/api/rss/fts", Ct);

        Assert.Equal("""{"CERN-SE":{"read":{"allowed":true,"warnings":null},"write":{"allowed":true,"warnings":"slow disks"},"check":{"allowed":false,"reason":"broken"},"remove":{"allowed":false,"reason":"Unknown status: Bogus"}}}""",
            storage);
        Assert.Equal("""{"ce.cern.ch":{"all":{"allowed":true,"warnings":null}}}""", compute);
        Assert.Equal("""{"ce.cern.ch":{"all":{"allowed":false,"reason":"gridpp downtime"}}}""", gridppCompute);
        Assert.Equal("""{"LCG.CERN.cern":{"all":{"allowed":false,"reason":"Probing"}}}""", site);
        Assert.Equal("""{"fts.cern.ch":{"all":{"allowed":true,"warnings":"Degraded"}}}""", fts);
    }

    [Fact]
    public async Task Responses_carry_ETag_Last_Modified_and_Vary_and_answer_304_when_unchanged()
    {
        await SeedAsync();

        var first = await fixture.User.GetAsync("/api/rss/compute", Ct);
        var etag = first.Headers.GetValues("ETag").Single();
        var gridpp = await fixture.GridppUser.GetAsync("/api/rss/compute", Ct);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/rss/compute");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var notModified = await fixture.User.SendAsync(conditional, Ct);

        Assert.Matches(@"^\d{4}-\d\d-\d\dT[\d:.]+-2-lhcb$", etag);
        Assert.Equal(etag.Replace("-lhcb", "-gridpp", StringComparison.Ordinal), gridpp.Headers.GetValues("ETag").Single());
        Assert.Contains("Authorization", first.Headers.Vary);
        Assert.NotNull(first.Content.Headers.LastModified);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Only_a_ServiceAdministrator_sets_statuses_and_bad_entries_are_400()
    {
        var asUser = await JobsFixture.PatchAsync(fixture.User, "/api/rss/statuses", new[] { Entry("X", "Site", "Active") });
        var asPilot = await JobsFixture.PatchAsync(fixture.Pilot, "/api/rss/statuses", new[] { Entry("X", "Site", "Active") });
        var badType = await JobsFixture.PatchAsync(fixture.ServiceAdministrator, "/api/rss/statuses", new[] { Entry("X", "StorageElement", "Active") });
        var anyone = await fixture.GridppUser.GetAsync("/api/rss/site", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, asUser.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asPilot.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anyone.StatusCode);
        Assert.Equal(0L, await fixture.ScalarAsync<long>("""SELECT count(*) FROM resourcestatusdb."SiteStatus" WHERE "Name" = 'X'"""));
    }

    [Fact]
    public async Task A_status_outside_the_resource_status_machine_is_refused_and_nothing_is_set()
    {
        var response = await JobsFixture.PatchAsync(fixture.ServiceAdministrator, "/api/rss/statuses",
            new[] { Entry("LCG.Weird.ch", "Site", "Active"), Entry("LCG.Weird2.ch", "Site", "Weird") });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Invalid status at index 1: status must be one of Active, Degraded, Probing, Banned, Error, Unknown",
            await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0L, await fixture.ScalarAsync<long>("""SELECT count(*) FROM resourcestatusdb."SiteStatus" WHERE "Name" LIKE 'LCG.Weird%'"""));
    }
}
