using System.Net;
using System.Net.Http.Json;
using DiracX.Routers.Tests.Jobs;

namespace DiracX.Routers.Tests.Pilots;

/// <summary>Pilot metadata patches, job links and resource statuses set by many clients at once, on overlapping rows in different orders.</summary>
public class PilotConcurrencyTests(PilotsFixture fixture) : IClassFixture<PilotsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Overlapping_metadata_patches_in_opposite_orders_all_succeed()
    {
        var stamps = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            stamps.Add(await fixture.RegisterAsync(fixture.ServiceAdministrator));
        }
        for (var repetition = 0; repetition < 5; repetition++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            {
                IEnumerable<string> ordered = i % 2 == 0 ? stamps : Enumerable.Reverse(stamps);
                var body = ordered.ToDictionary(s => s, _ => (object)new { Status = "Running", Queue = $"queue{repetition}x{i}", BenchMark = i + 0.5 });
                return JobsFixture.PatchAsync(fixture.ServiceAdministrator, "/api/pilots/metadata", body);
            }));

            var codes = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.True(codes.All(c => c == 204), string.Join(", ", codes));
        }
    }

    [Fact]
    public async Task Overlapping_job_links_at_once_all_succeed_and_each_link_is_stored_once()
    {
        var stamp = await fixture.RegisterAsync(fixture.ServiceAdministrator);
        var jobs = await fixture.SubmitAsync(60);
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            fixture.ServiceAdministrator.PostAsJsonAsync("/api/pilots/jobs",
                new { pilot_stamp = stamp, job_ids = i % 2 == 0 ? jobs : jobs.Reverse().ToArray() }, Ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Equal(60L, await fixture.ScalarAsync<long>(
            """SELECT count(*) FROM pilotagentsdb."JobToPilotMapping" m JOIN pilotagentsdb."PilotAgents" p USING ("PilotID") WHERE p."PilotStamp" = $1""", stamp));
    }

    [Fact]
    public async Task Overlapping_status_settings_in_opposite_orders_all_succeed()
    {
        for (var repetition = 0; repetition < 5; repetition++)
        {
            var entries = Enumerable.Range(0, 30).SelectMany(i => new object[]
            {
                new { name = $"LCG.Race{i}.ch", element_type = "Site", status_type = "all", vo = "all", status = "Active", reason = $"r{repetition}" },
                new { name = $"RACE{i}-SE", element_type = "StorageElement", status_type = "ReadAccess", vo = "all", status = "Banned", reason = $"r{repetition}" },
            }).ToList();
            var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
                JobsFixture.PatchAsync(fixture.ServiceAdministrator, "/api/rss/statuses", i % 2 == 0 ? entries : Enumerable.Reverse(entries).ToList())));

            var codes = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.True(codes.All(c => c == 204), string.Join(", ", codes));
        }
    }

    [Fact]
    public async Task Eight_registrations_of_one_stamp_at_once_give_one_201_and_seven_409()
    {
        for (var repetition = 0; repetition < 5; repetition++)
        {
            var stamp = fixture.NewStamp("race8");
            var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
                (i % 2 == 0 ? fixture.ServiceAdministrator : fixture.Pilot).PostAsJsonAsync("/api/pilots/", new { pilot_stamp = stamp, vo = "lhcb" }, Ct)));

            var codes = responses.Select(r => r.StatusCode).ToList();
            Assert.Equal(1, codes.Count(c => c == HttpStatusCode.Created));
            Assert.Equal(7, codes.Count(c => c == HttpStatusCode.Conflict));
        }
    }
}
