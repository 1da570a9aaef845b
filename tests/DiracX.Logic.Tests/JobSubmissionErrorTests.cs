using DiracX.Testing;
using DiracX.Core.Errors;
using DiracX.Core.Jdl;
using DiracX.Logic.Jobs;
using Microsoft.EntityFrameworkCore;

namespace DiracX.Logic.Tests;

public class JobSubmissionErrorTests(JobDatabaseFixture fixture) : IClassFixture<JobDatabaseFixture>
{
    private const string Good = """[ Executable = "x"; ]""";

    /// <summary>Submits in a unit of work that is committed even after a failure, to prove nothing was written.</summary>
    private async Task<Exception> FailAsync(IReadOnlyList<string> jdls, JobSubmissionSettings? settings = null)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = await fixture.BeginAsync(ct);
        var error = await Assert.ThrowsAnyAsync<DiracException>(() => JobSubmissionTests.SubmitAsync(scope, jdls, settings));
        Assert.Equal(0, await scope.JobContext.JobJDLs.CountAsync(ct));
        Assert.Equal(0, await scope.JobContext.Jobs.CountAsync(ct));
        Assert.Equal(0, await scope.LoggingContext.LoggingInfo.CountAsync(ct));
        await scope.CommitAsync(ct);
        return error;
    }

    [Fact]
    public async Task A_syntax_error_is_a_bad_request_with_its_position()
    {
        var error = Assert.IsType<JdlSyntaxException>(await FailAsync([Good, "[ Executable = \"x\";\n  JobName = ; ]"]));

        Assert.Equal(DiracErrorKind.BadRequest, error.Kind);
        Assert.Equal(2, error.Line);
        Assert.StartsWith("JDL syntax error at line 2, column", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parametric_jdls_cannot_be_submitted_in_bulk()
    {
        var error = await FailAsync([Good, """[ Executable = "x"; Parameters = 2; ]"""]);

        Assert.Equal((DiracErrorKind.BadRequest, "You cannot submit parametric jobs in a bulk fashion"), (((DiracException)error).Kind, error.Message));
    }

    [Fact]
    public async Task More_jobs_than_the_limit_are_refused_in_bulk_and_parametric()
    {
        var bulk = await FailAsync([.. Enumerable.Repeat(Good, 21)]);
        var parametric = await FailAsync(["""[ Executable = "x"; Parameters = 4; ]"""], new JobSubmissionSettings { MaxJobs = 3 });

        Assert.Equal("Normal user cannot submit more than 20 jobs at once", bulk.Message);
        Assert.Equal("Normal user cannot submit more than 3 jobs at once", parametric.Message);
    }

    [Fact]
    public async Task An_oversize_jdl_is_payload_too_large()
    {
        var error = await FailAsync([Good, $$"""[ Executable = "{{new string('x', 200)}}"; ]"""], new JobSubmissionSettings { MaxJdlBytes = 100 });

        Assert.Equal(DiracErrorKind.PayloadTooLarge, Assert.IsType<PayloadTooLargeException>(error).Kind);
    }

    [Fact]
    public async Task A_rule_broken_by_a_later_job_writes_nothing()
    {
        var error = await FailAsync([Good, """[ Executable = "x"; JobType = "Evil"; ]"""]);

        Assert.Equal("Evil is not a valid value for JobType", error.Message);
    }

    [Fact]
    public async Task A_platform_problem_found_after_ids_are_reserved_writes_nothing()
    {
        var error = await FailAsync([Good, """[ Executable = "x"; Platform = "Solaris"; ]"""]);

        Assert.Equal("OS compatibility info not found", error.Message);
    }

    [Fact]
    public async Task A_value_longer_than_its_column_is_a_bad_request()
    {
        var error = await FailAsync([$$"""[ Executable = "x"; JobName = "{{new string('n', 129)}}"; ]"""]);

        Assert.Equal("JobName is longer than 128 characters", error.Message);
    }

    [Fact]
    public async Task A_rolled_back_unit_of_work_keeps_none_of_a_successful_submission()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var scope = await fixture.BeginAsync(ct))
        {
            Assert.Equal(2, (await JobSubmissionTests.SubmitAsync(scope, [Good, Good])).Count);
            await scope.RollbackAsync(ct);
        }

        await using var read = await fixture.BeginAsync(ct);
        Assert.Equal(0, await read.JobContext.JobJDLs.CountAsync(ct));
        Assert.Equal(0, await read.LoggingContext.LoggingInfo.CountAsync(ct));
    }
}
