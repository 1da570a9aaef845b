using DiracX.Testing;
using DiracX.Db.JobLogging;
using DiracX.Db.Jobs;
using DiracX.Db.TaskQueue;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DiracX.Db.Tests;

public class SchemaTests(JobDatabaseFixture fixture) : IClassFixture<JobDatabaseFixture>
{
    [Fact]
    public void The_migrations_match_the_models_of_the_three_contexts()
    {
        using var jobs = new JobDbDesignTimeFactory().CreateDbContext([]);
        using var logging = new JobLoggingDbDesignTimeFactory().CreateDbContext([]);
        using var queues = new TaskQueueDbDesignTimeFactory().CreateDbContext([]);

        Assert.False(jobs.Database.HasPendingModelChanges());
        Assert.False(logging.Database.HasPendingModelChanges());
        Assert.False(queues.Database.HasPendingModelChanges());
    }

    [Theory]
    [InlineData("jobdb", "JobJDLs", "JobID,JDL,JobRequirements,OriginalJDL")]
    [InlineData("jobdb", "Jobs", "JobID,JobType,JobGroup,Site,JobName,Owner,OwnerGroup,VO,SubmissionTime,RescheduleTime,LastUpdateTime," +
        "StartExecTime,HeartBeatTime,EndExecTime,Status,MinorStatus,ApplicationStatus,UserPriority,RescheduleCounter,VerifiedFlag,AccountedFlag," +
        "ParameterStatus,ParameterTimestamp")] // the last two are ours: the status part of the parameter document (Job.ParameterStatus)
    [InlineData("jobdb", "InputData", "JobID,LFN,Status")]
    [InlineData("jobdb", "JobCommands", "JobID,Command,Arguments,Status,ReceptionTime,ExecutionTime")]
    [InlineData("jobdb", "HeartBeatLoggingInfo", "JobID,Name,Value,HeartBeatTime")]
    [InlineData("jobdb", "JobParameters", "JobID,Parameters")]
    [InlineData("jobloggingdb", "LoggingInfo", "JobID,SeqNum,Status,MinorStatus,ApplicationStatus,StatusTime,StatusTimeOrder,StatusSource")]
    [InlineData("taskqueuedb", "tq_TaskQueues", "TQId,Owner,OwnerGroup,VO,CPUTime,Priority,Enabled")]
    [InlineData("taskqueuedb", "tq_Jobs", "TQId,JobId,Priority,RealPriority")]
    [InlineData("taskqueuedb", "tq_TQToSites", "TQId,Value")]
    [InlineData("taskqueuedb", "tq_TQToGridCEs", "TQId,Value")]
    [InlineData("taskqueuedb", "tq_TQToBannedSites", "TQId,Value")]
    [InlineData("taskqueuedb", "tq_TQToPlatforms", "TQId,Value")]
    [InlineData("taskqueuedb", "tq_TQToJobTypes", "TQId,Value")]
    [InlineData("taskqueuedb", "tq_TQToTags", "TQId,Value")]
    public async Task Tables_have_DiracX_names_and_columns_in_their_schema(string schema, string table, string columns)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await fixture.Database.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        var found = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(reader.GetString(0));
        }

        Assert.Equal(columns.Split(',').Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Timestamps_are_timezone_aware_and_JDLs_are_bytea()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await fixture.Database.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT table_name || '.' || column_name, data_type FROM information_schema.columns
            WHERE table_schema IN ('jobdb', 'jobloggingdb')
              AND (column_name LIKE '%Time' OR column_name IN ('JDL', 'OriginalJDL', 'JobRequirements', 'Parameters', 'StatusTimeOrder'))
            """, connection);
        var types = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            types[reader.GetString(0)] = reader.GetString(1);
        }

        Assert.All(types.Where(t => t.Key.EndsWith("Time", StringComparison.Ordinal)),
            t => Assert.Equal("timestamp with time zone", t.Value));
        Assert.Equal("bytea", types["JobJDLs.JDL"]);
        Assert.Equal("bytea", types["JobJDLs.OriginalJDL"]);
        Assert.Equal("jsonb", types["JobParameters.Parameters"]);
        Assert.Equal("numeric", types["LoggingInfo.StatusTimeOrder"]);
    }
}
