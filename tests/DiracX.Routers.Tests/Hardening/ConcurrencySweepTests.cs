using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DiracX.Db.Jobs;
using DiracX.Routers.Tests.Jobs;

namespace DiracX.Routers.Tests.Hardening;

/// <summary>
/// Many clients at once on overlapping jobs, with every kind of job write (status, heartbeat, metadata, reschedule,
/// removal, submission): no request fails with a 5xx and the database stays consistent (the summary table equals a
/// GROUP BY over Jobs, the history of every job is numbered 1..n without gaps or repeats).
/// </summary>
public class ConcurrencySweepTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Id(long job) => job.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_mix_of_every_job_write_on_overlapping_jobs_gives_no_5xx_and_keeps_the_database_consistent()
    {
        var random = new Random(20261208);
        var jobs = (await fixture.SubmitAsync(150)).ToList();
        string[] statuses = ["Checking", "Waiting", "Matched", "Running", "Stalled", "Completing", "Done", "Failed", "Killed"];
        var failures = new List<string>();
        var parameterWrites = new List<(long Job, string Key)>();
        var submitted = new List<long>();
        var submissions = 0;
        for (var round = 0; round < 12; round++)
        {
            List<long> Some(double p) => [.. jobs.Where(_ => random.NextDouble() < p).OrderBy(_ => random.Next())];
            var requests = new List<(string What, Task<HttpResponseMessage> Response)>();
            var pendingWrites = new Dictionary<int, List<(long, string)>>();
            for (var i = 0; i < 6; i++)
            {
                var status = statuses[random.Next(statuses.Length)];
                requests.Add(($"status {status}", JobsFixture.SetStatusAsync(i % 2 == 0 ? fixture.Admin : fixture.Pilot, Some(0.3),
                    new { Status = status, MinorStatus = $"round {round}", ApplicationStatus = $"app {i}" }, force: random.Next(2) == 0)));
            }
            for (var i = 0; i < 3; i++)
            {
                requests.Add(("heartbeat", JobsFixture.PatchAsync(fixture.Pilot, "/api/jobs/heartbeat",
                    Some(0.2).ToDictionary(Id, _ => (object)new { Vsize = 1.5, StandardOutput = "out" }))));
            }
            for (var i = 0; i < 3; i++)
            {
                // Each patch adds its own parameter: concurrent patches of one job must all be kept (no lost update).
                var key = $"P{round}x{i}";
                var patched = Some(0.2);
                pendingWrites[requests.Count] = [.. patched.Select(j => (j, key))];
                requests.Add(("metadata", JobsFixture.PatchAsync(fixture.User, "/api/jobs/metadata", patched.ToDictionary(Id, j => (object)new Dictionary<string, object>
                {
                    ["Site"] = $"LCG.Site{(j + i) % 3}.cern", ["JobType"] = i % 2 == 0 ? "MCSimulation" : "User", ["Status"] = "Waiting", [key] = i,
                }))));
            }
            requests.Add(("reschedule", fixture.User.PostAsJsonAsync("/api/jobs/reschedule", new { job_ids = Some(0.1) }, Ct)));
            requests.Add(("reschedule", fixture.User.PostAsJsonAsync("/api/jobs/reschedule", new { job_ids = Some(0.1) }, Ct)));
            var removed = Some(0.03);
            requests.Add(("remove", fixture.Admin.PostAsJsonAsync("/api/jobs/remove", new { job_ids = removed }, Ct)));
            for (var i = 0; i < 2; i++)
            {
                requests.Add(("submit", fixture.User.PostAsJsonAsync("/api/jobs/jdl", new[] { """Executable = "echo"; Arguments = "%s"; Parameters = 10;""" }, Ct)));
            }
            await Task.WhenAll(requests.Select(r => r.Response));
            foreach (var (index, (what, task)) in requests.Index())
            {
                var response = await task;
                // A user's metadata batch naming a job removed meanwhile is refused as a whole (403, quirk H3) and writes nothing.
                if (response.IsSuccessStatusCode && pendingWrites.TryGetValue(index, out var writes))
                {
                    parameterWrites.AddRange(writes);
                }
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"round {round} {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                }
                else if (what == "submit" && response.StatusCode == HttpStatusCode.Created)
                {
                    var created = (await JobsFixture.JsonAsync(response)).AsArray().Select(j => (long)j!["JobID"]!).ToList();
                    Assert.Equal(10, created.Count);
                    submitted.AddRange(created);
                    submissions++;
                }
            }
            jobs.RemoveAll(removed.Contains);
            parameterWrites.RemoveAll(w => removed.Contains(w.Job));
            submitted.RemoveAll(removed.Contains);
            jobs.AddRange(submitted.Where(j => !jobs.Contains(j)));
        }
        Assert.Empty(failures);
        Assert.Equal(24, submissions);
        Assert.Equal((long)submitted.Count, await fixture.ScalarAsync<long>("""SELECT count(*) FROM jobdb."Jobs" WHERE "JobID" = ANY($1)""", submitted.ToArray()));
        var lost = parameterWrites.Where(w => jobs.Contains(w.Job)).Select(w => $"{w.Job}:{w.Key}").ToArray();
        Assert.Equal(0L, await fixture.ScalarAsync<long>(
            """
            SELECT count(*) FROM unnest($1::text[]) AS w(s)
            WHERE NOT EXISTS (SELECT 1 FROM jobdb."JobParameters" p
                WHERE p."JobID" = split_part(w.s, ':', 1)::bigint AND p."Parameters" ? split_part(w.s, ':', 2))
            """, (object)lost));
        Assert.Equal(0L, await fixture.SummaryMismatchesAsync());
        Assert.Equal(0L, await fixture.ScalarAsync<long>(
            """
            SELECT count(*) FROM (
                SELECT "JobID", count(*) AS n, min("SeqNum") AS lo, max("SeqNum") AS hi, count(DISTINCT "SeqNum") AS d
                FROM jobloggingdb."LoggingInfo" GROUP BY "JobID") s
            WHERE lo <> 1 OR hi <> n OR d <> n
            """));
    }
}
