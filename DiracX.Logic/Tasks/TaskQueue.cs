using System.Diagnostics;
using System.Text.Json;
using DiracX.Core.Errors;
using DiracX.Db.Tasks;

namespace DiracX.Logic.Tasks;

/// <summary>
/// Enqueues runs of registered tasks. It never runs them: it writes a pending run (an outbox row) in the caller's
/// unit of work, so a request that rolls back enqueues nothing, and one that commits has its run stored before it
/// answers; the workers of DiracX.Tasks claim it.
/// </summary>
public interface ITaskQueue
{
    /// <summary>Enqueues a run of <paramref name="taskName"/> with JSON arguments, now or at <paramref name="runAt"/>; returns its id.</summary>
    /// <exception cref="DiracException">404: no such task.</exception>
    Task<long> EnqueueAsync(string taskName, JsonElement? args, DateTimeOffset? runAt, CancellationToken cancellationToken);
}

/// <summary>The <see cref="ITaskQueue"/> on TaskDB.</summary>
public sealed class TaskQueue(TaskDb db, TaskRegistry registry, TimeProvider time) : ITaskQueue
{
    /// <inheritdoc />
    public async Task<long> EnqueueAsync(string taskName, JsonElement? args, DateTimeOffset? runAt, CancellationToken cancellationToken)
    {
        var definition = registry.Find(taskName) ?? throw new DiracException($"Unknown task {taskName}", DiracErrorKind.NotFound);
        var now = time.GetUtcNow();
        var json = args is { ValueKind: not JsonValueKind.Undefined } a ? a.GetRawText() : "null";
        return await db.EnqueueAsync(new NewTaskRun(definition.Name, json, definition.ArgsVersion, (int)definition.Priority, runAt ?? now,
            Activity.Current?.Id), now, cancellationToken);
    }

    /// <summary>Enqueues a run with typed arguments.</summary>
    // The element is passed as JsonElement? on purpose: as a plain JsonElement this generic overload (TArgs = JsonElement)
    // would be the better match and call itself forever (the dummy executor's monitor overflowed the stack).
    public Task<long> EnqueueAsync<TArgs>(string taskName, TArgs args, DateTimeOffset? runAt, CancellationToken cancellationToken) =>
        EnqueueAsync(taskName, (JsonElement?)JsonSerializer.SerializeToElement(args, DiracXTask<TArgs>.ArgsJson), runAt, cancellationToken);
}
