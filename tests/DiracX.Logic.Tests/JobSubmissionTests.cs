using DiracX.Testing;
using DiracX.Core.Errors;
using DiracX.Core.Jdl;
using DiracX.Core.Models;
using DiracX.Db.Jobs;
using DiracX.Logic.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace DiracX.Logic.Tests;

public class JobSubmissionTests(JobDatabaseFixture fixture) : IClassFixture<JobDatabaseFixture>
{
    private static readonly JobOwner s_alice = new("alice", "lhcb_user", "lhcb");
    private static readonly DateTimeOffset s_now = new(2025, 6, 7, 8, 9, 10, TimeSpan.Zero);

    internal static async Task<IReadOnlyList<InsertedJob>> SubmitAsync(JobScope scope, IReadOnlyList<string> jdls,
        JobSubmissionSettings? settings = null) =>
        await JobSubmission.SubmitJdlJobsAsync(jdls, s_alice, settings ?? new JobSubmissionSettings(), scope.JobDb,
            scope.JobLoggingDb, new FakeTimeProvider(s_now), TestContext.Current.CancellationToken);

    private async Task<IReadOnlyList<InsertedJob>> SubmitAndCommitAsync(params string[] jdls)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = await fixture.BeginAsync(ct);
        var inserted = await SubmitAsync(scope, jdls);
        await scope.CommitAsync(ct);
        return inserted;
    }

    [Fact]
    public async Task A_single_jdl_becomes_a_received_job_with_all_its_rows()
    {
        var ct = TestContext.Current.CancellationToken;
        const string jdl = "  Executable = \"run.sh\"; JobName = \"hello_%j\"; Site = \"LCG.CERN.cern\"; Priority = 3;\n" +
            "  InputData = { \"/lhcb/a.dst\", \"/lhcb/b.dst\" };  ";

        var inserted = Assert.Single(await SubmitAndCommitAsync(jdl));

        Assert.Equal((JobStatus.Received, "Job accepted", s_now), (inserted.Status, inserted.MinorStatus, inserted.TimeStamp));
        var id = inserted.JobID;
        await using var read = await fixture.BeginAsync(ct);
        var job = await read.JobContext.Jobs.AsNoTracking().SingleAsync(j => j.JobID == id, ct);
        Assert.Equal(($"hello_{id}", "LCG.CERN.cern", 3, "user", "00000000"), (job.JobName, job.Site, job.UserPriority, job.JobType, job.JobGroup));
        Assert.Equal(("alice", "lhcb_user", "lhcb"), (job.Owner, job.OwnerGroup, job.VO));
        Assert.Equal(("Received", "Job accepted", "Unknown"), (job.Status, job.MinorStatus, job.ApplicationStatus));
        Assert.Equal((s_now, s_now), (job.SubmissionTime!.Value, job.LastUpdateTime!.Value));
        Assert.True(job.VerifiedFlag);

        var stored = JdlParser.Parse((await read.JobDb.GetJobJdlsAsync([id], original: false, ct))[id]);
        Assert.Equal(id, stored.GetInt("JobID"));
        Assert.Equal($"hello_{id}", stored.GetString("JobName"));
        Assert.Equal(("alice", "lhcb_user", "lhcb"), (stored.GetString("Owner"), stored.GetString("OwnerGroup"), stored.GetString("VirtualOrganization")));
        Assert.True(stored.Contains("JobRequirements"));
        Assert.Equal("[" + jdl.Trim() + "]", (await read.JobDb.GetJobJdlsAsync([id], original: true, ct))[id]);

        var lfns = await read.JobContext.InputData.AsNoTracking().Where(i => i.JobID == id).Select(i => i.LFN).ToListAsync(ct);
        Assert.Equal(["/lhcb/a.dst", "/lhcb/b.dst"], lfns.Order(StringComparer.Ordinal));
        var log = Assert.Single(await read.LoggingContext.LoggingInfo.AsNoTracking().Where(l => l.JobID == id).ToListAsync(ct));
        Assert.Equal((1, "Received", "Job accepted", "Unknown", "JobManager"),
            (log.SeqNum, log.Status, log.MinorStatus, log.ApplicationStatus, log.StatusSource));
        Assert.Equal(s_now, log.StatusTime);
    }

    [Fact]
    public async Task A_bulk_of_jdls_becomes_received_jobs_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var inserted = await SubmitAndCommitAsync("""[ Executable = "a"; JobName = "first"; ]""",
            """[ Executable = "b"; JobName = "second"; ]""", """Executable = "c"; JobName = "third";""");

        Assert.Equal(3, inserted.Count);
        Assert.All(inserted, j => Assert.Equal((JobStatus.Received, "Job accepted"), (j.Status, j.MinorStatus)));
        Assert.Equal(inserted.Select(j => j.JobID).Order(), inserted.Select(j => j.JobID));
        await using var read = await fixture.BeginAsync(ct);
        var ids = inserted.Select(j => j.JobID).ToList();
        var names = await read.JobContext.Jobs.AsNoTracking().Where(j => ids.Contains(j.JobID)).OrderBy(j => j.JobID)
            .Select(j => j.JobName).ToListAsync(ct);
        Assert.Equal(["first", "second", "third"], names);
    }

    [Fact]
    public async Task A_parametric_jdl_becomes_submitting_jobs_one_per_parameter()
    {
        var ct = TestContext.Current.CancellationToken;
        var inserted = await SubmitAndCommitAsync(
            """[ Executable = "run"; Arguments = "%s"; JobName = "p_%n_%j"; Parameters = { "x", "y", "z" }; ]""");

        Assert.Equal(3, inserted.Count);
        Assert.All(inserted, j => Assert.Equal((JobStatus.Submitting, "Bulk transaction confirmation"), (j.Status, j.MinorStatus)));
        await using var read = await fixture.BeginAsync(ct);
        var ids = inserted.Select(j => j.JobID).ToList();
        var jobs = await read.JobContext.Jobs.AsNoTracking().Where(j => ids.Contains(j.JobID)).OrderBy(j => j.JobID).ToListAsync(ct);
        Assert.Equal(ids.Select((id, n) => $"p_{n}_{id}"), jobs.Select(j => j.JobName));
        Assert.All(jobs, j => Assert.Equal("Submitting", j.Status));
        var originals = await read.JobDb.GetJobJdlsAsync(ids, original: true, ct);
        Assert.Equal(["x", "y", "z"], ids.Select(id => JdlParser.Parse(originals[id]).GetString("Arguments")));
        var logs = await read.LoggingContext.LoggingInfo.AsNoTracking().Where(l => ids.Contains(l.JobID)).ToListAsync(ct);
        Assert.All(logs, l => Assert.Equal(("Submitting", "Bulk transaction confirmation"), (l.Status, l.MinorStatus)));
    }

    [Fact]
    public async Task Hostile_strings_are_stored_verbatim()
    {
        var ct = TestContext.Current.CancellationToken;
        const string jdl = """[ Executable = "x"; JobName = "Robert'); DROP TABLE \"Jobs\";-- ☃ 😀 $1 %s"; JobGroup = "g'\"`"; InputData = { "/lhcb/ü'; --", "/lhcb/$2 \"q\"" }; ]""";
        var expected = JdlParser.Parse(jdl);

        var id = Assert.Single(await SubmitAndCommitAsync(jdl)).JobID;

        await using var read = await fixture.BeginAsync(ct);
        var job = await read.JobContext.Jobs.AsNoTracking().SingleAsync(j => j.JobID == id, ct);
        Assert.Equal(expected.GetString("JobName"), job.JobName);
        Assert.Equal(expected.GetString("JobGroup"), job.JobGroup);
        var lfns = await read.JobContext.InputData.AsNoTracking().Where(i => i.JobID == id).Select(i => i.LFN).ToListAsync(ct);
        Assert.Equal(expected.GetStringList("InputData").Order(StringComparer.Ordinal), lfns.Order(StringComparer.Ordinal));
        Assert.Equal(jdl, (await read.JobDb.GetJobJdlsAsync([id], original: true, ct))[id]);
    }
}
