using System.Text.Json;
using DiracX.Core.Modules;
using DiracX.Db.Tasks;
using DiracX.Logic.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace DiracX.Tasks.Tests;

public sealed class TaskExecutionTests() : TaskServicesTest(s_modules, DateTimeOffset.UtcNow)
{
    private static readonly IReadOnlyList<IDiracXModule> s_modules = [new TaskInfrastructureModule(), new TestTasksModule()];

    private static JsonElement Args(string tag) => JsonSerializer.SerializeToElement(new CountArgs(tag), DiracXTask<CountArgs>.ArgsJson);

    private Task<long> EnqueueInRequestAsync(string task, string tag, bool commit) =>
        TaskTestServices.EnqueueInRequestAsync(Services, task, Args(tag), commit, TestContext.Current.CancellationToken);

    private async Task<TaskRunRecord?> RunAsync(long id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TaskDb>().GetRunAsync(id, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_request_that_rolls_back_enqueues_nothing()
    {
        var id = await EnqueueInRequestAsync("test:Count", "rolled-back", commit: false);

        Assert.Null(await RunAsync(id));
        Assert.Equal(TaskAttemptOutcome.Idle, await Services.GetRequiredService<TaskExecutor>().RunNextAsync("w1", CancellationToken.None));
        Assert.False(CountingTask.Runs.ContainsKey("rolled-back"));
    }

    [Fact]
    public async Task A_committed_run_survives_the_enqueuing_process_and_runs_once_in_a_new_one()
    {
        var id = await EnqueueInRequestAsync("test:Count", "committed", commit: true);
        // The enqueuing process "crashes": its services go, nothing ran.
        await RestartAsync();
        Assert.False(CountingTask.Runs.ContainsKey("committed"));

        var executor = Services.GetRequiredService<TaskExecutor>();
        Assert.Equal(TaskAttemptOutcome.Succeeded, await executor.RunNextAsync("w2", CancellationToken.None));
        Assert.Equal(TaskAttemptOutcome.Idle, await executor.RunNextAsync("w2", CancellationToken.None));

        Assert.Equal(1, CountingTask.Runs["committed"]);
        var run = await RunAsync(id);
        Assert.Equal(TaskRunStates.Succeeded, run!.State);
        Assert.Equal("w2", run.Node);
    }

    [Fact]
    public async Task Exhausted_retries_leave_a_failed_run_with_its_error_which_can_be_retried()
    {
        FlakyTask.Failing["dl"] = true;
        var id = await EnqueueInRequestAsync("test:Flaky", "dl", commit: true);
        var executor = Services.GetRequiredService<TaskExecutor>();

        Assert.Equal(TaskAttemptOutcome.Retried, await executor.RunNextAsync("w1", CancellationToken.None));
        Assert.Equal(TaskAttemptOutcome.Failed, await executor.RunNextAsync("w1", CancellationToken.None));
        var failed = await RunAsync(id);
        Assert.Equal(TaskRunStates.Failed, failed!.State);
        Assert.Equal(2, failed.Attempt);
        Assert.Contains("boom dl", failed.Error, StringComparison.Ordinal);

        FlakyTask.Failing.TryRemove("dl", out _);
        await using (var scope = Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<TaskDb>().RetryAsync(id, Time.GetUtcNow(), CancellationToken.None));
        }
        Assert.Equal(TaskAttemptOutcome.Succeeded, await executor.RunNextAsync("w1", CancellationToken.None));
        Assert.Equal(TaskRunStates.Succeeded, (await RunAsync(id))!.State);
    }

    [Fact]
    public async Task A_run_whose_task_type_no_longer_exists_fails_into_the_dead_letter_list()
    {
        long id;
        await using (var scope = Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<TaskDb>().EnqueueAsync(
                new NewTaskRun("gone:Removed", "null", 1, 1, Time.GetUtcNow()), Time.GetUtcNow(), CancellationToken.None);
        }

        Assert.Equal(TaskAttemptOutcome.Failed, await Services.GetRequiredService<TaskExecutor>().RunNextAsync("w1", CancellationToken.None));

        var run = await RunAsync(id);
        Assert.Equal(TaskRunStates.Failed, run!.State);
        Assert.Contains("unknown task type gone:Removed", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_of_a_crashed_worker_is_taken_over_after_its_lease_and_has_one_outcome()
    {
        FlakyTask.Failing["crash"] = true;
        var id = await EnqueueInRequestAsync("test:Flaky", "crash", commit: true);
        TaskRunRecord claimed;
        await using (var scope = Services.CreateAsyncScope())
        {
            claimed = (await scope.ServiceProvider.GetRequiredService<TaskDb>().ClaimAsync("dead", Time.GetUtcNow(), TimeSpan.FromSeconds(30), CancellationToken.None))!;
        }
        Assert.Equal(id, claimed.Id);
        var executor = Services.GetRequiredService<TaskExecutor>();
        Assert.Equal(TaskAttemptOutcome.Idle, await executor.RunNextAsync("w1", CancellationToken.None));

        Time.Advance(TimeSpan.FromSeconds(31));
        FlakyTask.Failing.TryRemove("crash", out _);
        // The lost attempt counts as the first failure; the retry succeeds.
        Assert.Equal(TaskAttemptOutcome.Succeeded, await executor.RunNextAsync("w1", CancellationToken.None));
        await using (var scope = Services.CreateAsyncScope())
        {
            // The dead worker can no longer finish the run.
            Assert.False(await scope.ServiceProvider.GetRequiredService<TaskDb>().SucceedAsync(id, claimed.LeaseToken!.Value, Time.GetUtcNow(), CancellationToken.None));
        }
        var run = await RunAsync(id);
        Assert.Equal(TaskRunStates.Succeeded, run!.State);
        Assert.Equal(2, run.Attempt);
    }

    [Fact]
    public async Task A_task_holding_its_mutex_makes_another_run_wait()
    {
        var locks = Services.GetRequiredService<ITaskLockStore>();
        await using var held = await locks.TryAcquireMutexAsync("job:42", CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await locks.TryAcquireMutexAsync("job:42", CancellationToken.None));
        await using var other = await locks.TryAcquireMutexAsync("job:43", CancellationToken.None);
        Assert.NotNull(other);
        await using var first = await locks.TryAcquireConcurrencyAsync("t", 2, CancellationToken.None);
        await using var second = await locks.TryAcquireConcurrencyAsync("t", 2, CancellationToken.None);
        Assert.NotNull(second);
        Assert.Null(await locks.TryAcquireConcurrencyAsync("t", 2, CancellationToken.None));
        Assert.True(await locks.TryTakeRateAsync("r", 2, TimeSpan.FromMinutes(1), Time.GetUtcNow(), CancellationToken.None));
        Assert.True(await locks.TryTakeRateAsync("r", 2, TimeSpan.FromMinutes(1), Time.GetUtcNow(), CancellationToken.None));
        Assert.False(await locks.TryTakeRateAsync("r", 2, TimeSpan.FromMinutes(1), Time.GetUtcNow(), CancellationToken.None));
    }
}
