using DiracX.Core.Modules;
using DiracX.Logic.Tasks;
using Gubbins.Db;
using Gubbins.Logic;
using Gubbins.Tasks;

// The tasks host (worker and scheduler) loads this module after DiracX's task modules.
[assembly: DiracXExtensionModule(typeof(GubbinsTasksModule), DiracXHosts.Tasks)]

namespace Gubbins.Tasks;

/// <summary>Gubbins in the tasks host: its databases (GubbinsJobDb in place of JobDb for DiracX's tasks too) and its tasks.</summary>
public sealed class GubbinsTasksModule : IDiracXModule
{
    public string Name => "lollygag";

    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        new GubbinsDbModule().Register(context);
        context.AddTask(OwnerCleanupTask.Definition);
    }
}

/// <summary>
/// Removes the owners without a car, a day after their creation (DiracX's gubbins <c>OwnerCleanupTask</c>, periodic,
/// hourly here as there).
/// </summary>
public sealed class OwnerCleanupTask(LollygagDbContext db, TimeProvider time) : DiracXTask<NoArgs>
{
    public const string Name = "lollygag:OwnerCleanupTask";

    public static TaskDefinition Definition { get; } = new(Name, typeof(OwnerCleanupTask))
    {
        Schedule = TaskSchedule.Every(TimeSpan.FromHours(1)), Priority = TaskPriority.Background, Mutex = true,
    };

    /// <summary>How long an owner may stay without a car.</summary>
    public static TimeSpan Grace { get; } = TimeSpan.FromDays(1);

    protected override Task ExecuteAsync(NoArgs args, TaskRunContext run, CancellationToken cancellationToken) =>
        Lollygag.RemoveOwnersWithoutCarsAsync(db, time.GetUtcNow() - Grace, cancellationToken);
}
