using System.Diagnostics;
using System.Text.Json;
using DiracX.Core.Telemetry;
using DiracX.Db.Infrastructure;
using DiracX.Db.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DiracX.Logic.Tasks;

/// <summary>How the executor holds runs.</summary>
public sealed class TaskExecutorOptions
{
    /// <summary>How long a claimed run is held without renewal; a worker that crashed loses its runs after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a run whose lock or limit is taken waits before it is tried again (DiracX: 5 s).</summary>
    public TimeSpan LockRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>The outcome of one attempt.</summary>
public enum TaskAttemptOutcome
{
    /// <summary>No run was due.</summary>
    Idle,
    /// <summary>The run succeeded.</summary>
    Succeeded,
    /// <summary>The attempt failed and the run will be retried.</summary>
    Retried,
    /// <summary>The run failed for good (dead-letter list).</summary>
    Failed,
    /// <summary>The run went back to the queue without counting the attempt (lock busy, worker stopping).</summary>
    Released,
    /// <summary>Another worker took the run over (this one lost its lease).</summary>
    Lost,
}

/// <summary>
/// Runs the claimed runs of TaskDB: each attempt in its own DI scope and unit of work (one transaction per database,
/// committed when the task succeeds, rolled back when it fails), under the definition's locks and limits, in a span
/// that continues the enqueuing request's trace. The run's lease is renewed while it runs; its final state is written
/// only while this worker still holds it, so a run has one outcome even when a worker dies in the middle.
/// </summary>
public sealed partial class TaskExecutor(IServiceScopeFactory scopes, TaskRegistry registry, ITaskLockStore locks, TimeProvider time,
    TaskExecutorOptions options, ILogger<TaskExecutor> log)
{
    private readonly Random _random = new();

    /// <summary>
    /// Claims and runs the most urgent due run (after recovering one run of a crashed worker, if any). The attempt is
    /// cancelled through <paramref name="abort"/> (the host's shutdown deadline); it then goes back to the queue.
    /// </summary>
    public async Task<TaskAttemptOutcome> RunNextAsync(string node, CancellationToken abort)
    {
        await RecoverExpiredAsync(node, abort);
        TaskRunRecord? run;
        await using (var scope = scopes.CreateAsyncScope())
        {
            run = await scope.ServiceProvider.GetRequiredService<TaskDb>().ClaimAsync(node, time.GetUtcNow(), options.Lease, abort);
        }
        return run is null ? TaskAttemptOutcome.Idle : await RunClaimedAsync(run, abort);
    }

    /// <summary>Records the attempts of crashed workers whose leases expired: retried or failed, as their policy says.</summary>
    public async Task<int> RecoverExpiredAsync(string node, CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TaskDb>();
            var run = await db.TakeOverExpiredAsync(node, time.GetUtcNow(), options.Lease, cancellationToken);
            if (run is null)
            {
                return count;
            }
            LogLost(log, run.Id, run.TaskName, run.Attempt);
            var outcome = await FinishFailedAsync(db, run, registry.Find(run.TaskName), $"the worker running attempt {run.Attempt} stopped (lease expired)",
                retriable: true, cancellationToken);
            TaskTelemetry.RecordAttempt(run.TaskName, outcome, null);
            count++;
        }
    }

    /// <summary>Runs a task inline (the command line's <c>call</c>): no run row, no retries, no limits; a failure throws.</summary>
    public async Task RunInlineAsync(string taskName, JsonElement args, CancellationToken cancellationToken)
    {
        var definition = registry.Find(taskName) ?? throw new InvalidOperationException($"unknown task {taskName}");
        await ExecuteInScopeAsync(definition, new TaskRunContext(0, definition, args, 1, null), null, cancellationToken);
    }

    private async Task<TaskAttemptOutcome> RunClaimedAsync(TaskRunRecord run, CancellationToken abort)
    {
        var started = time.GetUtcNow();
        using var activity = StartActivity(run);
        TaskTelemetry.RecordLag(run, started);
        var outcome = await AttemptAsync(run, activity, abort);
        TaskTelemetry.RecordAttempt(run.TaskName, outcome, time.GetUtcNow() - started);
        activity?.SetTag("diracx.task.outcome", outcome.ToString().ToLowerInvariant());
        return outcome;
    }

    private async Task<TaskAttemptOutcome> AttemptAsync(TaskRunRecord run, Activity? activity, CancellationToken abort)
    {
        var definition = registry.Find(run.TaskName);
        var token = run.LeaseToken!.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaskDb>();
        if (definition is null)
        {
            return await FinishFailedAsync(db, run, null, $"unknown task type {run.TaskName}: no module registers it", retriable: false, abort);
        }
        if (run.ArgsVersion != definition.ArgsVersion)
        {
            return await FinishFailedAsync(db, run, definition,
                $"arguments version {run.ArgsVersion} is not the task's version {definition.ArgsVersion}", retriable: false, abort);
        }
        JsonElement args;
        try
        {
            args = JsonDocument.Parse(run.ArgsJson).RootElement.Clone();
        }
        catch (JsonException e)
        {
            return await FinishFailedAsync(db, run, definition, $"arguments are not JSON: {e.Message}", retriable: false, abort);
        }
        var context = new TaskRunContext(run.Id, definition, args, run.Attempt, run.ScheduledFor);
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var renewal = RenewLeaseAsync(run.Id, token, lost);
        try
        {
            var held = await ExecuteInScopeAsync(definition, context, (handler, ct) => AcquireAsync(definition, handler, context, ct), lost.Token);
            if (!held)
            {
                return await ReleaseAsync(db, run, "waiting for a lock or limit", time.GetUtcNow() + options.LockRetryDelay);
            }
            await StopRenewalAsync(lost, renewal);
            activity?.SetStatus(ActivityStatusCode.Ok);
            return await db.SucceedAsync(run.Id, token, time.GetUtcNow(), CancellationToken.None) ? TaskAttemptOutcome.Succeeded : TaskAttemptOutcome.Lost;
        }
        catch (Exception) when (abort.IsCancellationRequested)
        {
            // Whatever the task threw once shutdown cancelled it (its own exception for a cancelled call included), its
            // unit of work is rolled back and the run goes back to the queue for another worker.
            await StopRenewalAsync(lost, renewal);
            return await ReleaseAsync(db, run, "cancelled at shutdown", time.GetUtcNow());
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            await StopRenewalAsync(lost, renewal);
            return TaskAttemptOutcome.Lost;
        }
        catch (Exception e)
        {
            await StopRenewalAsync(lost, renewal);
            DiracXTelemetry.Fail(activity, e);
            return await FinishFailedAsync(db, run, definition, $"{e.GetType().Name}: {e.Message}", retriable: e is not TaskArgumentsException, CancellationToken.None);
        }
    }

    // Runs the task in a scope of its own with a unit of work over every database; returns false (nothing run) when
    // acquire says the locks are taken.
    private async Task<bool> ExecuteInScopeAsync(TaskDefinition definition, TaskRunContext context,
        Func<ITaskHandler, CancellationToken, Task<List<IAsyncDisposable>?>>? acquire, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var handler = (ITaskHandler)ActivatorUtilities.CreateInstance(services, definition.TaskType);
        var held = acquire is null ? [] : await acquire(handler, cancellationToken);
        if (held is null)
        {
            return false;
        }
        try
        {
            var unitOfWork = services.GetRequiredService<DbUnitOfWork>();
            var connectionStrings = services.GetRequiredService<DatabaseRegistry>().DbNames
                .Select(services.GetRequiredService<DbConnectionStringMap>().For).OfType<string>().ToList();
            await unitOfWork.BeginAsync(connectionStrings, cancellationToken);
            try
            {
                await handler.ExecuteAsync(context, cancellationToken);
                await unitOfWork.CommitAsync(cancellationToken);
            }
            catch
            {
                await unitOfWork.RollbackAsync(CancellationToken.None);
                throw;
            }
            return true;
        }
        finally
        {
            foreach (var h in held)
            {
                await h.DisposeAsync();
            }
        }
    }

    private async Task<List<IAsyncDisposable>?> AcquireAsync(TaskDefinition definition, ITaskHandler handler, TaskRunContext context,
        CancellationToken cancellationToken)
    {
        var held = new List<IAsyncDisposable>();
        async Task<List<IAsyncDisposable>?> Busy()
        {
            foreach (var h in held)
            {
                await h.DisposeAsync();
            }
            return null;
        }
        var keys = new List<string>();
        if (definition.Mutex)
        {
            keys.Add(definition.PerVo && context.Args.ValueKind == JsonValueKind.Object && context.Args.TryGetProperty("vo", out var vo)
                ? $"task:{definition.Name}:{vo.GetString()}" : $"task:{definition.Name}");
        }
        keys.AddRange(handler.LockKeys(context));
        foreach (var key in keys)
        {
            if (await locks.TryAcquireMutexAsync(key, cancellationToken) is not { } mutex)
            {
                return await Busy();
            }
            held.Add(mutex);
        }
        if (definition.ConcurrencyLimit is { } limit)
        {
            if (await locks.TryAcquireConcurrencyAsync($"task:{definition.Name}", limit, cancellationToken) is not { } slot)
            {
                return await Busy();
            }
            held.Add(slot);
        }
        if (definition.RateLimit is { } rate && !await locks.TryTakeRateAsync($"task:{definition.Name}", rate.Count, rate.Window, time.GetUtcNow(), cancellationToken))
        {
            return await Busy();
        }
        return held;
    }

    private async Task<TaskAttemptOutcome> FinishFailedAsync(TaskDb db, TaskRunRecord run, TaskDefinition? definition, string error, bool retriable,
        CancellationToken cancellationToken)
    {
        var delay = retriable && definition is not null ? definition.Retry.DelayAfter(run.Attempt, _random) : null;
        var now = time.GetUtcNow();
        if (!await db.FailAsync(run.Id, run.LeaseToken!.Value, now, error, delay is { } d ? now + d : null, cancellationToken))
        {
            return TaskAttemptOutcome.Lost;
        }
        LogFailed(log, run.Id, run.TaskName, run.Attempt, delay is null ? "failed for good" : $"retried in {delay}", error);
        return delay is null ? TaskAttemptOutcome.Failed : TaskAttemptOutcome.Retried;
    }

    private static async Task<TaskAttemptOutcome> ReleaseAsync(TaskDb db, TaskRunRecord run, string reason, DateTimeOffset at) =>
        await db.ReleaseAsync(run.Id, run.LeaseToken!.Value, at, reason, CancellationToken.None) ? TaskAttemptOutcome.Released : TaskAttemptOutcome.Lost;

    private async Task RenewLeaseAsync(long id, Guid token, CancellationTokenSource lost)
    {
        try
        {
            while (!lost.IsCancellationRequested)
            {
                await Task.Delay(options.Lease / 3, time, lost.Token);
                await using var scope = scopes.CreateAsyncScope();
                if (!await scope.ServiceProvider.GetRequiredService<TaskDb>().RenewLeaseAsync(id, token, time.GetUtcNow() + options.Lease, lost.Token))
                {
                    await lost.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the attempt ended
        }
        catch (Exception e)
        {
            LogRenewalFailed(log, id, e.Message);
        }
    }

    private static async Task StopRenewalAsync(CancellationTokenSource lost, Task renewal)
    {
        if (!lost.IsCancellationRequested)
        {
            await lost.CancelAsync();
        }
        await renewal;
    }

    // The run's span continues the trace of the request that enqueued it (its traceparent); a run without one (a
    // periodic slot) starts a trace of its own rather than joining whatever span the caller has open.
    private static Activity? StartActivity(TaskRunRecord run)
    {
        if (!ActivityContext.TryParse(run.TraceParent, null, out var parent))
        {
            Activity.Current = null;
        }
        var activity = DiracXTelemetry.ActivitySource.StartActivity($"task.execute {run.TaskName}", ActivityKind.Consumer, parent);
        activity?.SetTag("diracx.task.name", run.TaskName);
        activity?.SetTag("diracx.task.run_id", run.Id);
        activity?.SetTag("diracx.task.attempt", run.Attempt);
        return activity;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task run {RunId} ({Task}) attempt {Attempt} {Outcome}: {Error}")]
    private static partial void LogFailed(ILogger logger, long runId, string task, int attempt, string outcome, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task run {RunId} ({Task}) attempt {Attempt} lost its worker")]
    private static partial void LogLost(ILogger logger, long runId, string task, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease of task run {RunId}: {Error}")]
    private static partial void LogRenewalFailed(ILogger logger, long runId, string error);
}
