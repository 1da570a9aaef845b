using System.Text.Json;
using DiracX.Logic.Tasks;

namespace DiracX.Tasks.Tests;

/// <summary>
/// SIGTERM during a run, with real worker processes: a task that ends within the grace (the shutdown timeout less
/// <see cref="TaskWorker.ShutdownMargin"/>) finishes; one that runs longer is cancelled, its unit of work rolled back and
/// its run given back to the queue before the process exits, so that another worker runs it once.
/// </summary>
public sealed class ShutdownTests : IAsyncLifetime
{
    private const int ShutdownTimeoutSeconds = 10;

    // Bounds the wait for the exit only: a worker still waiting for its task would stay up for the task's 5 minutes.
    private static readonly TimeSpan s_exitDeadline = TimeSpan.FromSeconds(ShutdownTimeoutSeconds + 30);

    private static readonly Dictionary<string, string> s_environment = new()
    {
        ["DOTNET_shutdownTimeoutSeconds"] = ShutdownTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private WorkerDatabase _db = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _db = await WorkerDatabase.CreateAsync();

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private async Task<long> EnqueueAsync(ShutdownArgs args) => (long)(await _db.QueryAsync("""
        INSERT INTO taskdb.task_runs (task_name, args, args_version, priority, state, attempt, run_at, enqueued_at)
        VALUES ($1, $2::jsonb, 1, 1, 'Pending', 0, now(), now()) RETURNING id
        """, WorkerTestModule.Shutdown, JsonSerializer.Serialize(args, DiracXTask<ShutdownArgs>.ArgsJson)))[0][0]!;

    private async Task<List<string>> ExecutionsAsync(long id) =>
        [.. (await _db.QueryAsync("SELECT node, outcome FROM public.test_executions WHERE run_id = $1 ORDER BY id", id)).Select(r => $"{r[0]}:{r[1]}")];

    private async Task<(string State, int Attempt, string? Node, string? Error)> RunAsync(long id)
    {
        var row = (await _db.QueryAsync("SELECT state, attempt, node, error FROM taskdb.task_runs WHERE id = $1", id))[0];
        return ((string)row[0]!, (int)row[1]!, (string?)row[2], (string?)row[3]);
    }

    // Starts worker-a and a run of the shutdown task, and returns once the task is running.
    private async Task<(WorkerProcess Worker, long RunId)> StartRunningAsync(ShutdownArgs args)
    {
        var worker = _db.Start("worker-a", environment: s_environment);
        var id = await EnqueueAsync(args);
        await _db.WaitForAsync("the task to start", "SELECT 1 FROM public.test_executions WHERE run_id = $1 AND outcome = 'started'",
            r => r.Count == 1, id);
        return (worker, id);
    }

    private async Task StopAsync(WorkerProcess worker)
    {
        await worker.TerminateAsync(Ct);
        Assert.True(await worker.WaitForExitAsync(s_exitDeadline, Ct), $"the worker did not exit after SIGTERM{Environment.NewLine}{_db.Outputs}");
        Assert.True(worker.ExitCode == 0, $"exit code {worker.ExitCode}{Environment.NewLine}{_db.Outputs}");
    }

    [Fact]
    public async Task On_SIGTERM_a_task_that_ends_within_the_grace_finishes_and_its_run_succeeds_once()
    {
        var (worker, id) = await StartRunningAsync(new ShutdownArgs(2));

        await StopAsync(worker);

        var run = await RunAsync(id);
        Assert.True(run.State == "Succeeded", $"{run}{Environment.NewLine}{_db.Outputs}");
        Assert.Equal(1, run.Attempt);
        Assert.Equal(["worker-a:started", "worker-a:committed"], await ExecutionsAsync(id));
    }

    [Fact]
    public async Task On_SIGTERM_a_task_outlasting_the_shutdown_timeout_is_cancelled_its_run_requeued_and_run_once_by_another_worker()
    {
        var (first, id) = await StartRunningAsync(new ShutdownArgs(300, SlowOn: "worker-a"));

        await StopAsync(first);

        // Given back before the process exited: pending again, the attempt not counted, nothing of it committed.
        var released = await RunAsync(id);
        Assert.True(released.State == "Pending", $"{released}{Environment.NewLine}{_db.Outputs}");
        Assert.Equal(0, released.Attempt);
        Assert.Contains("cancelled at shutdown", released.Error, StringComparison.Ordinal);
        Assert.Equal(["worker-a:started"], await ExecutionsAsync(id));

        _db.Start("worker-b", environment: s_environment);
        await _db.WaitForAsync("the run to finish", "SELECT state FROM taskdb.task_runs WHERE id = $1", r => r[0][0] is "Succeeded" or "Failed", id);

        var final = await RunAsync(id);
        Assert.Equal(("Succeeded", 1, "worker-b"), (final.State, final.Attempt, final.Node));
        Assert.Equal(["worker-a:started", "worker-b:started", "worker-b:committed"], await ExecutionsAsync(id));
    }
}
