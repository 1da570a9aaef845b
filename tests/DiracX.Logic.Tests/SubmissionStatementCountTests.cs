using DiracX.Core.Models;
using DiracX.Logic.Jobs;
using DiracX.Testing;

namespace DiracX.Logic.Tests;

public class SubmissionStatementCountTests(JobDatabaseFixture fixture) : IClassFixture<JobDatabaseFixture>
{
    private async Task<int> StatementsAsync(IReadOnlyList<string> jdls, int expectedJobs)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = await fixture.BeginAsync(ct);
        IReadOnlyList<InsertedJob> inserted = [];
        var statements = await SqlStatements.CountAsync(fixture.Database.Name,
            async () => inserted = await JobSubmissionTests.SubmitAsync(scope, jdls, new JobSubmissionSettings { MaxJobs = 100 }));
        await scope.CommitAsync(ct);
        Assert.Equal(expectedJobs, inserted.Count);
        return statements;
    }

    [Fact]
    public async Task Submitting_one_or_a_hundred_jobs_costs_the_same_few_statements()
    {
        const string jdl = """[ Executable = "x"; JobName = "j_%j"; InputData = { "/lhcb/a", "/lhcb/b" }; ]""";
        await StatementsAsync([jdl], 1); // warms the connection (type loading) outside the measured runs

        var one = await StatementsAsync([jdl], 1);
        var hundred = await StatementsAsync([.. Enumerable.Repeat(jdl, 100)], 100);
        var parametric = await StatementsAsync(["""[ Executable = "x"; Arguments = "%s"; Parameters = 100; InputData = { "/lhcb/a" }; ]"""], 100);

        // ID reservation, the JobJDLs, Jobs and InputData inserts (one batch of three statements), one LoggingInfo insert.
        Assert.Equal(5, one);
        Assert.Equal(one, hundred);
        Assert.Equal(one, parametric);
    }
}
