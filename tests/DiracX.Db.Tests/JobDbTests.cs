using DiracX.Testing;
using DiracX.Db.Jobs;
using Microsoft.EntityFrameworkCore;

namespace DiracX.Db.Tests;

public class JobDbTests(JobDatabaseFixture fixture) : IClassFixture<JobDatabaseFixture>
{
    private static readonly DateTimeOffset s_now = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static NewJob Job(long id, params string[] lfns) =>
        new(id, $"[ JobID = {id}; ]", "[ Executable = \"x\"; ]", "alice", "lhcb_user", "lhcb", "Received", "Job accepted", s_now)
        {
            InputData = lfns,
        };

    [Fact]
    public async Task Reserved_job_ids_are_distinct_and_increasing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = await fixture.BeginAsync(ct);

        var first = await scope.JobDb.ReserveJobIdsAsync(5, ct);
        var second = await scope.JobDb.ReserveJobIdsAsync(3, ct);

        Assert.Equal(5, first.Count);
        Assert.Equal(3, second.Count);
        var all = first.Concat(second).ToList();
        Assert.Equal(all.Order(), all);
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public async Task Inserted_jobs_get_their_rows_with_DiracX_defaults()
    {
        var ct = TestContext.Current.CancellationToken;
        long id;
        await using (var scope = await fixture.BeginAsync(ct))
        {
            id = (await scope.JobDb.ReserveJobIdsAsync(1, ct))[0];
            await scope.JobDb.InsertJobsAsync([Job(id, "/lhcb/a", "/lhcb/b", "/lhcb/a")], ct);
            await scope.CommitAsync(ct);
        }

        await using var read = await fixture.BeginAsync(ct);
        var job = await read.JobContext.Jobs.AsNoTracking().SingleAsync(j => j.JobID == id, ct);
        Assert.Equal(("user", "00000000", "ANY", "Unknown"), (job.JobType, job.JobGroup, job.Site, job.JobName));
        Assert.Equal(("alice", "lhcb_user", "lhcb"), (job.Owner, job.OwnerGroup, job.VO));
        Assert.Equal(("Received", "Job accepted", "Unknown"), (job.Status, job.MinorStatus, job.ApplicationStatus));
        Assert.Equal(s_now, job.SubmissionTime);
        Assert.Equal(s_now, job.LastUpdateTime);
        Assert.True(job.VerifiedFlag);
        Assert.Equal(JobAccountedFlag.False, job.AccountedFlag);
        var lfns = await read.JobContext.InputData.AsNoTracking().Where(i => i.JobID == id).Select(i => i.LFN + ":" + i.Status).ToListAsync(ct);
        Assert.Equal(["/lhcb/a:AprioriGood", "/lhcb/b:AprioriGood"], lfns.Order(StringComparer.Ordinal));
        Assert.Equal($"[ JobID = {id}; ]", (await read.JobDb.GetJobJdlsAsync([id], original: false, ct))[id]);
        Assert.Equal("[ Executable = \"x\"; ]", (await read.JobDb.GetJobJdlsAsync([id], original: true, ct))[id]);
        var stored = await read.JobContext.JobJDLs.AsNoTracking().SingleAsync(j => j.JobID == id, ct);
        Assert.Equal(0x78, stored.JDL[0]); // a zlib stream header
        Assert.Empty(stored.JobRequirements);
    }

    [Fact]
    public async Task Rolled_back_inserts_leave_nothing_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        long id;
        await using (var scope = await fixture.BeginAsync(ct))
        {
            id = (await scope.JobDb.ReserveJobIdsAsync(1, ct))[0];
            await scope.JobDb.InsertJobsAsync([Job(id, "/lhcb/a")], ct);
            await scope.RollbackAsync(ct);
        }

        await using var read = await fixture.BeginAsync(ct);
        Assert.False(await read.JobContext.JobJDLs.AnyAsync(j => j.JobID == id, ct));
        Assert.False(await read.JobContext.InputData.AnyAsync(j => j.JobID == id, ct));
    }

    [Fact]
    public void Compressed_jdls_round_trip_including_non_ascii_text()
    {
        const string jdl = "[ JobName = \"Zoë ☃ 😀 \\\"q\\\" '; DROP TABLE x;--\"; ]";

        Assert.Equal(jdl, JdlCompression.Decompress(JdlCompression.Compress(jdl)));
        Assert.Equal("", JdlCompression.Decompress([]));
    }
}
