using DiracX.Core.Settings;
using DiracX.Db.Sandboxes;
using DiracX.Logic.Tasks;
using Microsoft.Extensions.Options;

namespace DiracX.Logic.Sandboxes;

/// <summary>
/// DiracX's <c>jobs:CleanSandboxStoreTask</c>: daily at 06:00 UTC, deletes from the S3 store and then from
/// SandboxMetadataDB the sandboxes no job uses any more and the unassigned ones unused for 15 days
/// (<see cref="SandboxCleanup.CleanAsync"/>). Background priority, one at a time, exponential retry (300 s × 3).
/// </summary>
public sealed class CleanSandboxStoreTask(SandboxMetadataDb db, ISandboxStore store, IOptions<SandboxStoreSettings> settings, TimeProvider time)
    : DiracXTask<NoArgs>
{
    /// <summary>The definition.</summary>
    public static TaskDefinition Definition { get; } = new(SandboxTasksModule.CleanSandboxStoreTaskName, typeof(CleanSandboxStoreTask))
    {
        Schedule = TaskSchedule.Cron("0 6 * * *"), Priority = TaskPriority.Background, Mutex = true,
        Retry = RetryPolicy.Exponential(3, TimeSpan.FromSeconds(300)),
    };

    /// <summary>How many sandboxes the latest run of this instance deleted (for logs and tests).</summary>
    public long Deleted { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(NoArgs args, TaskRunContext run, CancellationToken cancellationToken) =>
        Deleted = await SandboxCleanup.CleanAsync(db, store, settings.Value, time, cancellationToken);
}
