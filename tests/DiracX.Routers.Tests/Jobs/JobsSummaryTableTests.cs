using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DiracX.Db.Jobs;

namespace DiracX.Routers.Tests.Jobs;

/// <summary>
/// The pre-aggregated <c>jobdb."JobsSummary"</c> table stays equal to <c>GROUP BY</c> over <c>Jobs</c> whatever the
/// writes (it is kept by triggers on Jobs), and concurrent status reports do not deadlock on its rows.
/// </summary>
public class JobsSummaryTableTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private static string Id(long job) => job.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_random_mix_of_writes_keeps_the_summary_table_equal_to_a_group_by_over_jobs()
    {
        var ct = TestContext.Current.CancellationToken;
        var random = new Random(20261207);
        var jobs = (await fixture.SubmitAsync(60)).Concat(await fixture.SubmitAsync(1)).ToList();
        Assert.Equal(0L, await fixture.SummaryMismatchesAsync());
        string[] statuses = ["Checking", "Waiting", "Matched", "Running", "Completing", "Done", "Failed", "Killed", "Stalled"];
        for (var step = 0; step < 24; step++)
        {
            var some = jobs.Where(_ => random.NextDouble() < 0.3).ToList();
            if (some.Count == 0)
            {
                continue;
            }
            HttpResponseMessage response;
            switch (step % 6)
            {
                case 0 or 1:
                    response = await JobsFixture.SetStatusAsync(fixture.Admin, some,
                        new { Status = statuses[random.Next(statuses.Length)], MinorStatus = $"step {step}", ApplicationStatus = "app" },
                        force: random.Next(2) == 0);
                    break;
                case 2:
                    // Matched -> Running through the heartbeat.
                    await JobsFixture.SetStatusAsync(fixture.Admin, some, new { Status = "Matched" }, force: true);
                    response = await JobsFixture.PatchAsync(fixture.Pilot, "/api/jobs/heartbeat",
                        some.ToDictionary(Id, _ => (object)new { Vsize = 1 }));
                    break;
                case 3:
                    response = await JobsFixture.PatchAsync(fixture.User, "/api/jobs/metadata", some.ToDictionary(Id, j => (object)new Dictionary<string, object>
                    {
                        ["Site"] = $"LCG.Site{j % 3}.cern", ["JobType"] = step % 2 == 0 ? "MCSimulation" : "User", ["Status"] = "Waiting",
                    }));
                    break;
                case 4:
                    response = await fixture.User.PostAsJsonAsync("/api/jobs/reschedule", new { job_ids = some }, ct);
                    break;
                default:
                    var removed = some.Take(3).ToList();
                    await JobsFixture.SetStatusAsync(fixture.Admin, removed, new { Status = "Killed" }, force: true);
                    response = await fixture.Admin.PostAsJsonAsync("/api/jobs/remove", new { job_ids = removed }, ct);
                    jobs.RemoveAll(removed.Contains);
                    break;
            }
            // A reschedule of jobs that all reached the reschedule limit is a 400 that writes nothing.
            var refusedReschedule = step % 6 == 4 && response.StatusCode == HttpStatusCode.BadRequest;
            Assert.True(response.IsSuccessStatusCode || refusedReschedule, $"step {step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            Assert.Equal(0L, await fixture.SummaryMismatchesAsync());
        }
        jobs.AddRange(await fixture.SubmitAsync(20));
        Assert.Equal(0L, await fixture.SummaryMismatchesAsync());
    }

    [Fact]
    public async Task The_summary_route_reads_the_same_counts_as_a_group_by()
    {
        var ct = TestContext.Current.CancellationToken;
        var jobs = await fixture.SubmitAsync(30);
        await JobsFixture.SetStatusAsync(fixture.Admin, jobs[..10], new { Status = "Running", MinorStatus = "Application" }, force: true);
        await JobsFixture.SetStatusAsync(fixture.Admin, jobs[..4], new { Status = "Done", MinorStatus = "Execution Complete" }, force: true);

        var response = await fixture.Admin.PostAsJsonAsync("/api/jobs/summary", new { grouping = new[] { "Status", "Owner" } }, ct);
        response.EnsureSuccessStatusCode();
        var rows = (await response.Content.ReadFromJsonAsync<JsonArray>(ct))!;
        var expected = await fixture.ScalarAsync<string>(
            """
            SELECT string_agg("Status" || '/' || "Owner" || '=' || n, ',' ORDER BY "Status", "Owner")
            FROM (SELECT "Status", "Owner", count(*) AS n FROM jobdb."Jobs" GROUP BY "Status", "Owner") g
            """);
        Assert.Equal(expected, string.Join(",", rows.Select(r => $"{r!["Status"]}/{r["Owner"]}={r["count"]}")));
    }

    [Fact]
    public async Task Parallel_status_reports_on_overlapping_and_disjoint_jobs_do_not_deadlock()
    {
        var jobs = await fixture.SubmitAsync(400);
        string[] statuses = ["Checking", "Waiting", "Matched", "Running"];
        for (var round = 0; round < 3; round++)
        {
            // Eight requests at once: pairs overlap (opposite orders), the others share only the summary rows
            // (same Status/MinorStatus/Site/Owner groups) with different jobs.
            var tasks = Enumerable.Range(0, 8).Select(i =>
            {
                var slice = i < 4 ? jobs[(i * 50)..(i * 50 + 150)] : jobs[(200 + (i - 4) * 50)..(250 + (i - 4) * 50)];
                IEnumerable<long> ordered = i % 2 == 0 ? slice : slice.Reverse();
                return JobsFixture.SetStatusAsync(fixture.Admin, ordered,
                    new { Status = statuses[(round + i) % statuses.Length], MinorStatus = $"round {round}" }, force: true);
            }).ToList();
            var responses = await Task.WhenAll(tasks);
            foreach (var response in responses)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
        Assert.Equal(0L, await fixture.SummaryMismatchesAsync());
    }
}
