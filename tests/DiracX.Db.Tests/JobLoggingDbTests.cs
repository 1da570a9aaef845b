using DiracX.Testing;
using DiracX.Core.Models;
using DiracX.Db.JobLogging;
using DiracX.Db.TaskQueue;
using Microsoft.EntityFrameworkCore;

namespace DiracX.Db.Tests;

public class JobLoggingDbTests(JobDatabaseFixture fixture) : IClassFixture<JobDatabaseFixture>
{
    private static readonly DateTimeOffset s_time = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static JobLoggingRecord Record(long jobId, string status, string source = "Test") =>
        new(jobId, status, "minor", "app", s_time, source);

    private async Task<List<(long JobID, int SeqNum, string Status)>> HistoryAsync(IEnumerable<long> jobIds, CancellationToken ct)
    {
        await using var read = await fixture.BeginAsync(ct);
        var ids = jobIds.ToList();
        var rows = await read.LoggingContext.LoggingInfo.AsNoTracking().Where(l => ids.Contains(l.JobID))
            .OrderBy(l => l.JobID).ThenBy(l => l.SeqNum).Select(l => new { l.JobID, l.SeqNum, l.Status }).ToListAsync(ct);
        return [.. rows.Select(r => (r.JobID, r.SeqNum, r.Status))];
    }

    [Fact]
    public async Task The_last_status_time_is_kept_on_the_counter_row_and_falls_back_to_the_records_when_missing()
    {
        var ct = TestContext.Current.CancellationToken;
        var later = s_time.AddMinutes(5);
        await using (var scope = await fixture.BeginAsync(ct))
        {
            await scope.JobLoggingDb.InsertRecordsAsync([Record(301, "Received") with { Date = later }, Record(301, "Checking"),
                Record(302, "Received")], ct);
            await scope.CommitAsync(ct);
        }
        await using (var scope = await fixture.BeginAsync(ct))
        {
            // An older report does not move it back.
            await scope.JobLoggingDb.InsertRecordsAsync([Record(301, "Waiting") with { Date = s_time.AddMinutes(1) }], ct);
            Assert.Equal(later, (await scope.JobLoggingDb.GetLastStatusTimesAsync([301, 302, 303], ct))[301]);
            await scope.CommitAsync(ct);
        }
        await using (var scope = await fixture.BeginAsync(ct))
        {
            var times = await scope.JobLoggingDb.GetLastStatusTimesAsync([301, 302, 303], ct);
            Assert.Equal([301L, 302L], times.Keys.Order());
            Assert.Equal((later, s_time), (times[301], times[302]));
            // A counter written without the value (older data, hand-made rows): read from LoggingInfo, then kept.
            await scope.LoggingContext.Database.ExecuteSqlRawAsync(
                "UPDATE jobloggingdb.\"LoggingInfoSeqNums\" SET \"LastStatusTimeOrder\" = NULL WHERE \"JobID\" = 301", ct);
            Assert.Equal(later, (await scope.JobLoggingDb.GetLastStatusTimesAsync([301], ct))[301]);
            await scope.JobLoggingDb.InsertRecordsAsync([Record(301, "Running") with { Date = s_time.AddMinutes(2) }], ct);
            Assert.Equal(later, (await scope.JobLoggingDb.GetLastStatusTimesAsync([301], ct))[301]);
            Assert.Equal(JobLoggingDb.StatusTimeOrder(later), await scope.LoggingContext.LoggingInfoSeqNums.AsNoTracking()
                .Where(s => s.JobID == 301).Select(s => s.LastStatusTimeOrder).SingleAsync(ct));
        }
    }

    [Fact]
    public async Task Records_of_a_job_get_consecutive_seq_nums_in_list_order_after_the_stored_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var scope = await fixture.BeginAsync(ct))
        {
            await scope.JobLoggingDb.InsertRecordsAsync([Record(101, "Received"), Record(102, "Received"), Record(101, "Checking")], ct);
            await scope.JobLoggingDb.InsertRecordsAsync([Record(101, "Waiting")], ct);
            await scope.CommitAsync(ct);
        }

        Assert.Equal([(101, 1, "Received"), (101, 2, "Checking"), (101, 3, "Waiting"), (102, 1, "Received")],
            await HistoryAsync([101, 102], ct));
    }

    [Fact]
    public async Task Concurrent_writers_for_the_same_jobs_never_reuse_a_seq_num()
    {
        var ct = TestContext.Current.CancellationToken;
        long[] jobs = [.. Enumerable.Range(200, 20).Select(i => (long)i)];
        const int writers = 8;

        // Each writer lists the jobs in a different order: the counter rows are still locked in JobID order.
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            await using var scope = await fixture.BeginAsync(ct);
            var order = w % 2 == 0 ? jobs : jobs.Reverse();
            await scope.JobLoggingDb.InsertRecordsAsync([.. order.Select(j => Record(j, $"W{w}"))], ct);
            await Task.Delay(20, ct); // hold the locks a little, so that writers really overlap
            await scope.CommitAsync(ct);
        }));

        var history = await HistoryAsync(jobs, ct);
        Assert.All(history.GroupBy(h => h.JobID), g => Assert.Equal(Enumerable.Range(1, writers), g.Select(h => h.SeqNum)));
        Assert.Equal(jobs.Length * writers, history.Count);
    }

    [Fact]
    public async Task Status_time_order_is_DiracX_magic_epoch_seconds_and_long_values_are_truncated()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new DateTimeOffset(2024, 1, 1, 1, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567);
        await using (var scope = await fixture.BeginAsync(ct))
        {
            await scope.JobLoggingDb.InsertRecordsAsync(
                [new JobLoggingRecord(300, "Received", "m", new string('a', 300), time, "S" + new string('s', 40))], ct);
            await scope.CommitAsync(ct);
        }

        await using var read = await fixture.BeginAsync(ct);
        var row = await read.LoggingContext.LoggingInfo.AsNoTracking().SingleAsync(l => l.JobID == 300, ct);
        Assert.Equal(1_704_067_200.123m - JobLoggingDb.MagicEpoch, row.StatusTimeOrder);
        Assert.Equal(time.AddTicks(-7), row.StatusTime); // PostgreSQL keeps microseconds
        Assert.Equal(TimeSpan.Zero, row.StatusTime.Offset);
        Assert.Equal(255, row.ApplicationStatus.Length);
        Assert.Equal(32, row.StatusSource.Length);
    }

    [Fact]
    public async Task Deleted_records_restart_their_job_history_at_one()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var scope = await fixture.BeginAsync(ct))
        {
            await scope.JobLoggingDb.InsertRecordsAsync([Record(400, "Received"), Record(400, "Checking")], ct);
            await scope.JobLoggingDb.DeleteRecordsAsync([400], ct);
            await scope.JobLoggingDb.InsertRecordsAsync([Record(400, "Received")], ct);
            await scope.CommitAsync(ct);
        }

        Assert.Equal([(400, 1, "Received")], await HistoryAsync([400], ct));
    }

    [Fact]
    public async Task Removing_jobs_from_task_queues_deletes_only_their_entries()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = await fixture.BeginAsync(ct);
        var queue = new TaskQueue.TaskQueue { Owner = "alice", OwnerGroup = "lhcb_user", VO = "lhcb", CPUTime = 86400, Priority = 1 };
        scope.TaskQueueContext.TaskQueues.Add(queue);
        await scope.TaskQueueContext.SaveChangesAsync(ct);
        scope.TaskQueueContext.Jobs.AddRange(
            new TaskQueueJob { TQId = queue.TQId, JobId = 1, Priority = 1, RealPriority = 1 },
            new TaskQueueJob { TQId = queue.TQId, JobId = 2, Priority = 1, RealPriority = 1 });
        await scope.TaskQueueContext.SaveChangesAsync(ct);

        var removed = await scope.TaskQueueDb.RemoveJobsAsync([1, 3], ct);

        Assert.Equal(1, removed);
        Assert.Equal([2L], await scope.TaskQueueContext.Jobs.AsNoTracking().Select(j => j.JobId).ToListAsync(ct));
    }
}
