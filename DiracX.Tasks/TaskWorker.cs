using Microsoft.Extensions.Options;
using DiracX.Logic.Tasks;

namespace DiracX.Tasks;

/// <summary>
/// Claims and runs due runs, <see cref="TasksHostSettings.Concurrency"/> at a time. On shutdown it stops claiming; a
/// running task may finish until <see cref="ShutdownMargin"/> before the host's shutdown timeout, then it is cancelled
/// and its run goes back to the queue (its unit of work rolled back, the attempt not counted), so the run has one outcome.
/// </summary>
public sealed partial class TaskWorker(TaskExecutor executor, TasksHostSettings settings, IOptions<HostOptions> hostOptions,
    IHostApplicationLifetime lifetime, TimeProvider time, ILogger<TaskWorker> log) : BackgroundService
{
    /// <summary>What is left of the shutdown timeout after a cancelled task, to give its run back and stop the host.</summary>
    public static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The countdown starts when the application starts stopping (SIGTERM), which is also when the host's shutdown
        // timeout starts: this service's own stop comes later, after the services registered after it (the Quartz
        // clock) have stopped, and a countdown from there could outlast the host, leaving the run to its lease.
        using var abort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var grace = hostOptions.Value.ShutdownTimeout - ShutdownMargin;
        await using var registration = stopping.Token.Register(() => abort.CancelAfter(grace > TimeSpan.Zero ? grace : TimeSpan.Zero));
        LogStarted(log, settings.NodeName!, settings.Concurrency);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, settings.Concurrency)).Select(_ => LoopAsync(stopping.Token, abort.Token)));
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
                    await Task.Delay(settings.PollInterval, time, stopping);
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
