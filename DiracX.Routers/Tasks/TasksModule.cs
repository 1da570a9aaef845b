using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Logic.Tasks;
using DiracX.Routers.Hardening;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Routing;

namespace DiracX.Routers.Tasks;

/// <summary>
/// The <c>tasks</c> system (ours; DiracX has no such routes): the operations of DiracX.Tasks — task types and schedules,
/// runs and their state (the failed ones are the dead-letter list), trigger a run now, retry a failed run, pause and
/// resume a schedule. The routers only enqueue (an outbox row in the request's transaction); DiracX.Tasks runs.
/// The task types are those the given task modules register (DiracX's <see cref="TaskModules.BuiltIn"/> by default; an
/// extension passes its own list, as it does to its tasks host), read without their services.
/// </summary>
public sealed class TasksModule(IReadOnlyList<IDiracXModule>? taskModules = null) : IDiracXModule
{
    private static readonly string[] s_taskDb = [DbNames.TaskDb];
    private static readonly RequestBodyLimit s_triggerBody = new(_ => 1024 * 1024);

    /// <inheritdoc />
    public string Name => "tasks";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        new TaskInfrastructureModule().Register(context);
        var registry = context.Registry<TaskRegistry>();
        foreach (var definition in TaskModules.DefinitionsOf(taskModules ?? TaskModules.BuiltIn, context.Configuration))
        {
            registry.Add(definition);
        }
        context.Registry<AccessPolicyRegistry>().Add<TasksAccessPolicy>(TasksAccessPolicy.PolicyName);
        var policy = RouteAccess.WithPolicy(TasksAccessPolicy.PolicyName);
        RouteDefinition Reads(RouteDefinition r) => r with { Databases = s_taskDb, ReadOnly = true };
        RouteDefinition Writes(RouteDefinition r) => r with { Databases = s_taskDb };
        context.Map("GET", "/api/tasks/types", TasksEndpoints.ListTaskTypes, policy);
        context.Map("GET", "/api/tasks/schedules", TasksEndpoints.ListSchedules, policy, Reads);
        context.Map("POST", "/api/tasks/schedules/{key}/pause", TasksEndpoints.PauseSchedule, policy, Writes);
        context.Map("POST", "/api/tasks/schedules/{key}/resume", TasksEndpoints.ResumeSchedule, policy, Writes);
        context.Map("GET", "/api/tasks/runs", TasksEndpoints.ListRuns, policy, Reads);
        context.Map("GET", "/api/tasks/runs/{run_id}", TasksEndpoints.GetRun, policy, Reads);
        context.Map("POST", "/api/tasks/runs", TasksEndpoints.TriggerTask, policy, r => Writes(r) with
        {
            Configure = b => { r.Configure?.Invoke(b); b.WithMetadata(s_triggerBody); },
        });
        context.Map("POST", "/api/tasks/runs/{run_id}/retry", TasksEndpoints.RetryRun, policy, Writes);
    }
}
