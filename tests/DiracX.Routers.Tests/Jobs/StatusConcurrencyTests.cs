using System.Globalization;
using System.Net;

namespace DiracX.Routers.Tests.Jobs;

public class StatusConcurrencyTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private static Dictionary<string, object> Reports(IEnumerable<long> jobs, DateTimeOffset start, string source) =>
        jobs.ToDictionary(j => j.ToString(CultureInfo.InvariantCulture), _ => (object)Enumerable.Range(0, 3).ToDictionary(
            i => start.AddSeconds(i).ToString("O", CultureInfo.InvariantCulture),
            i => (object)new { Status = i == 2 ? "Waiting" : "Checking", MinorStatus = $"{source} {i}", Source = source }));

    [Fact]
    public async Task Overlapping_bulk_updates_neither_deadlock_nor_leave_gaps_in_the_history()
    {
        var jobs = await fixture.SubmitAsync(1500);
        var start = DateTimeOffset.UtcNow;
        for (var round = 0; round < 3; round++)
        {
            // Opposite orders in the bodies: only the JobID-ordered locking keeps the two from deadlocking.
            var first = JobsFixture.PatchAsync(fixture.User, "/api/jobs/status", Reports(jobs[..1000], start.AddMinutes(round), "A"));
            var second = JobsFixture.PatchAsync(fixture.User, "/api/jobs/status", Reports(jobs[500..].Reverse(), start.AddMinutes(round), "B"));
            var responses = await Task.WhenAll(first, second);
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        }

        // 1 submission record + 3 rounds x 3 reports per request touching the job, numbered 1..n without gaps.
        var bad = await fixture.ScalarAsync<long>(
            """
            SELECT count(*) FROM (
                SELECT "JobID", count(*) AS n, min("SeqNum") AS lo, max("SeqNum") AS hi, count(DISTINCT "SeqNum") AS d
                FROM jobloggingdb."LoggingInfo" WHERE "JobID" = ANY($1) GROUP BY "JobID") s
            WHERE lo <> 1 OR hi <> n OR d <> n
               OR n <> CASE WHEN "JobID" = ANY($2) THEN 19 ELSE 10 END
            """, jobs, jobs[500..1000]);
        Assert.Equal(0L, bad);
        Assert.Equal(1500L, await fixture.ScalarAsync<long>(
            """SELECT count(*) FROM jobdb."Jobs" WHERE "JobID" = ANY($1) AND "Status" = 'Waiting'""", jobs));
    }
}
