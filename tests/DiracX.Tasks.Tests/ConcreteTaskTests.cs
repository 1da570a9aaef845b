using System.Text.Json;
using DiracX.Core.Jdl;
using DiracX.Core.Modules;
using DiracX.Db.Auth;
using DiracX.Db.Infrastructure;
using DiracX.Db.Jobs;
using DiracX.Db.JobLogging;
using DiracX.Db.Tasks;
using DiracX.Logic.Auth;
using DiracX.Logic.Jobs;
using DiracX.Logic.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DiracX.Tasks.Tests;

/// <summary>The built-in tasks on a fake clock against real PostgreSQL, run through the executor (own scope and unit of work).</summary>
public sealed class ConcreteTaskTests() : TaskServicesTest(s_modules, new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero))
{
    private static readonly IReadOnlyList<IDiracXModule> s_modules = [new TaskInfrastructureModule(), new AuthTasksModule(), new JobTasksModule()];
    private static readonly JobOwner s_owner = new("alice", "lhcb_user", "lhcb");

    private Task RunAsync(string task) => Executor.RunInlineAsync(task, default, Ct);

    private async Task<long[]> SubmitAsync(int count)
    {
        await using var scope = Services.CreateAsyncScope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<DbUnitOfWork>();
        var map = scope.ServiceProvider.GetRequiredService<DbConnectionStringMap>();
        await unitOfWork.BeginAsync([map.For(DbNames.JobDb)!], Ct);
        var jdls = Enumerable.Range(0, count).Select(i => $"""Executable = "echo"; JobName = "job_{i}";""").ToList();
        var jobs = await JobSubmission.SubmitJdlJobsAsync(jdls, s_owner, new JobSubmissionSettings(), scope.ServiceProvider.GetRequiredService<JobDb>(),
            scope.ServiceProvider.GetRequiredService<JobLoggingDb>(), Time, Ct);
        await unitOfWork.CommitAsync(Ct);
        return [.. jobs.Select(j => j.JobID)];
    }

    private async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = await Database.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<(string Status, string MinorStatus)> JobAsync(long id)
    {
        await using var connection = await Database.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand("""SELECT "Status", "MinorStatus" FROM jobdb."Jobs" WHERE "JobID" = $1""", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        return (reader.GetString(0), reader.GetString(1));
    }

    private async Task<List<(string Status, string MinorStatus, string Source)>> LoggingAsync(long id)
    {
        await using var connection = await Database.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand("""
            SELECT "Status", "MinorStatus", "StatusSource" FROM jobloggingdb."LoggingInfo" WHERE "JobID" = $1 ORDER BY "SeqNum"
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        var rows = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        return rows;
    }

    // Running jobs whose last heartbeat was `age` ago.
    private Task SetRunningAsync(long id, TimeSpan age) =>
        ExecuteAsync("""UPDATE jobdb."Jobs" SET "Status" = 'Running', "MinorStatus" = 'Application', "HeartBeatTime" = $2 WHERE "JobID" = $1""",
            id, (Time.GetUtcNow() - age).UtcDateTime);

    [Fact]
    public async Task Stalled_jobs_become_Stalled_then_Failed_after_the_second_delay_through_the_status_path()
    {
        var ids = await SubmitAsync(3);
        var (stale, alive, received) = (ids[0], ids[1], ids[2]);
        await SetRunningAsync(stale, TimeSpan.FromHours(3));
        await SetRunningAsync(alive, TimeSpan.FromMinutes(10));

        await RunAsync(StalledJobsTask.Name);

        Assert.Equal(("Stalled", StalledJobsTask.StalledMinorStatus), await JobAsync(stale));
        Assert.Equal("Running", (await JobAsync(alive)).Status);
        Assert.Equal("Received", (await JobAsync(received)).Status);
        Assert.Contains(("Stalled", StalledJobsTask.StalledMinorStatus, "StalledJobsTask"), await LoggingAsync(stale));
        Assert.DoesNotContain(await LoggingAsync(alive), l => l.Status == "Stalled");

        // Two hours on (the stale job silent for 5 h, less than StalledAfter + FailedAfter = 6 h): still Stalled; the
        // other job, silent for 2 h 10 min, stalls now.
        Time.Advance(TimeSpan.FromHours(2));
        await RunAsync(StalledJobsTask.Name);
        Assert.Equal("Stalled", (await JobAsync(stale)).Status);
        Assert.Equal("Stalled", (await JobAsync(alive)).Status);

        Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await RunAsync(StalledJobsTask.Name);

        Assert.Equal(("Failed", StalledJobsTask.FailedMinorStatus), await JobAsync(stale));
        Assert.Equal("Stalled", (await JobAsync(alive)).Status);
        Assert.Equal("Received", (await JobAsync(received)).Status);
        var history = await LoggingAsync(stale);
        Assert.Equal(["Received", "Stalled", "Failed"], history.Select(h => h.Status));
        Assert.Equal(("Failed", StalledJobsTask.FailedMinorStatus, "StalledJobsTask"), history[^1]);
    }

    [Fact]
    public async Task Pruning_AuthDB_deletes_expired_flows_and_refresh_tokens_and_keeps_live_ones()
    {
        var now = Time.GetUtcNow();
        var retention = TimeSpan.FromMinutes(new Core.Settings.AuthSettings().CompletedFlowRetentionMinutes);
        Guid expiredToken = Guid.NewGuid(), liveToken = Guid.NewGuid(), oldFlow = Guid.NewGuid(), newFlow = Guid.NewGuid();
        await using (var scope = Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            context.DeviceFlows.Add(new DeviceFlow
            {
                UserCode = "OLDCODE1", ClientID = "c", Scope = "s", DeviceCode = "old-device", CreationTime = now - retention - TimeSpan.FromMinutes(1),
            });
            context.DeviceFlows.Add(new DeviceFlow
            {
                UserCode = "NEWCODE1", ClientID = "c", Scope = "s", DeviceCode = "new-device", CreationTime = now - TimeSpan.FromMinutes(1),
            });
            context.AuthorizationFlows.Add(new AuthorizationFlow
            {
                UUID = oldFlow, ClientID = "c", Scope = "s", CodeChallenge = "x", CodeChallengeMethod = "S256", RedirectURI = "http://localhost/",
                CreationTime = now - retention - TimeSpan.FromMinutes(1),
            });
            context.AuthorizationFlows.Add(new AuthorizationFlow
            {
                UUID = newFlow, ClientID = "c", Scope = "s", CodeChallenge = "x", CodeChallengeMethod = "S256", RedirectURI = "http://localhost/",
                CreationTime = now - TimeSpan.FromMinutes(1),
            });
            context.RefreshTokens.Add(new RefreshToken { JTI = expiredToken, Scope = "s", Sub = "u", ExpiresAt = now - TimeSpan.FromSeconds(1) });
            context.RefreshTokens.Add(new RefreshToken { JTI = liveToken, Scope = "s", Sub = "u", ExpiresAt = now + TimeSpan.FromDays(1) });
            await context.SaveChangesAsync(Ct);
        }

        await RunAsync(PruneAuthDbTask.Name);

        await using (var scope = Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            Assert.Equal(["new-device"], context.DeviceFlows.Select(f => f.DeviceCode).ToList());
            Assert.Equal([newFlow], context.AuthorizationFlows.Select(f => f.UUID).ToList());
            Assert.Equal([liveToken], context.RefreshTokens.Select(t => t.JTI).ToList());
        }

        // A day later the live token has expired too.
        Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        await RunAsync(PruneAuthDbTask.Name);
        await using (var scope = Services.CreateAsyncScope())
        {
            Assert.Empty(scope.ServiceProvider.GetRequiredService<AuthDbContext>().RefreshTokens.ToList());
            Assert.Empty(scope.ServiceProvider.GetRequiredService<AuthDbContext>().DeviceFlows.ToList());
        }
    }

    [Fact]
    public async Task The_dummy_executor_walks_a_received_job_through_Waiting_Matched_Running_to_Done()
    {
        var job = (await SubmitAsync(1))[0];

        // The monitor (periodic when DiracX:Tasks:DummyJobExecutor:Enabled) moves it to Waiting and enqueues its executor run.
        await RunAsync(DummyJobExecutorMonitorTask.Name);
        Assert.Equal("Waiting", (await JobAsync(job)).Status);
        await using (var scope = Services.CreateAsyncScope())
        {
            var pending = await scope.ServiceProvider.GetRequiredService<TaskDb>().ListRunsAsync(TaskRunStates.Pending, DummyJobExecutorTask.Name, 10, Ct);
            var run = Assert.Single(pending);
            Assert.Equal(job, JsonDocument.Parse(run.ArgsJson).RootElement.GetProperty("job_id").GetInt64());
        }

        Assert.Equal(TaskAttemptOutcome.Succeeded, await Executor.RunNextAsync("w1", Ct));

        Assert.Equal(("Done", "Execution Complete"), await JobAsync(job));
        Assert.Equal(["Received", "Waiting", "Matched", "Running", "Done"], (await LoggingAsync(job)).Select(l => l.Status));
        // Nothing is left to do: the monitor finds no Received job.
        await RunAsync(DummyJobExecutorMonitorTask.Name);
        Assert.Equal(TaskAttemptOutcome.Idle, await Executor.RunNextAsync("w1", Ct));
    }
}
