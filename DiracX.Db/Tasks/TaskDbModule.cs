using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;

namespace DiracX.Db.Tasks;

/// <summary>
/// TaskDB: the runs, schedules and rate windows of DiracX.Tasks (<see cref="TaskDbContext"/>, service
/// <see cref="TaskDb"/>) and Quartz's tables in schema <c>quartz</c> (<see cref="QuartzDbContext"/>).
/// </summary>
public sealed class TaskDbModule : IDiracXModule
{
    /// <inheritdoc />
    public string Name => "tasks";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Registry<DatabaseRegistry>()
            .AddContext<TaskDbContext>(DbNames.TaskDb)
            .AddContext<QuartzDbContext>(DbNames.TaskDb, QuartzDbContext.SchemaName)
            .AddService<TaskDb>();
    }
}
