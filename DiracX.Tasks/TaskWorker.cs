using Microsoft.Extensions.Options;
using DiracX.Logic.Tasks;

namespace DiracX.Tasks;

/// <summary>
/// Claims and runs due runs, <see cref="TasksHostSettings.Concurrency"/> at a time. On shutdown it stops claiming; a
/// running task may finish until shortly before the host's shutdown timeout, then it is cancelled and its run goes
/// back to the queue (its unit of work rolled back), so the slot runs once.
/// </summary>
public sealed partial class TaskWorker(TaskExecutor executor, TasksHostSettings settings, IOptions<HostOptions> hostOptions,
    ILogger<TaskWorker> log) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var abort = new CancellationTokenSource();
        var grace = hostOptions.Value.ShutdownTimeout - TimeSpan.FromSeconds(2);
        await using var registration = stoppingToken.Register(() => abort.CancelAfter(grace > TimeSpan.Zero ? grace : TimeSpan.Zero));
        LogStarted(log, settings.NodeName!, settings.Concurrency);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, settings.Concurrency)).Select(_ => LoopAsync(stoppingToken, abort.Token)));
    }

    private async Task LoopAsync(CancellationToken stopping, CancellationToken abort)
    {
        await Task.Yield();
        while (!stopping.IsCancellationRequested)
        {
            TaskAttemptOutcome outcome;
            try
            {
                outcome = await executor.RunNextAsync(settings.NodeName!, abort);
            }
            catch (Exception e) when (!abort.IsCancellationRequested)
            {
                LogLoopFailed(log, e.Message);
                outcome = TaskAttemptOutcome.Idle;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (outcome is TaskAttemptOutcome.Idle or TaskAttemptOutcome.Released)
            {
                try
                {
                    await Task.Delay(settings.PollInterval, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task worker {Node} started with {Concurrency} slot(s)")]
    private static partial void LogStarted(ILogger logger, string node, int concurrency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task worker loop failed: {Error}")]
    private static partial void LogLoopFailed(ILogger logger, string error);
}
