using DiracX.Db.Tasks;
using DiracX.Logic.Tasks;
using DiracX.Routers.Infrastructure.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DiracX.Routers.Tasks;

/// <summary>The services the task routes share.</summary>
/// <param name="Policy">The tasks access policy.</param>
/// <param name="Db">TaskDB on the request's unit of work.</param>
/// <param name="Queue">The queue (writes the run in the request's transaction).</param>
/// <param name="Registry">The task types.</param>
/// <param name="Time">The clock.</param>
public sealed record TasksServices(TasksAccessPolicy Policy, TaskDb Db, ITaskQueue Queue, TaskRegistry Registry, TimeProvider Time);

/// <summary>Handlers of <c>/api/tasks</c> (ours).</summary>
public static class TasksEndpoints
{
    private const string Ours = "Not in DiracX (ours). ServiceAdministrator only. ";

    /// <summary><c>GET /api/tasks/types</c>.</summary>
    [EndpointSummary("List task types")]
    [EndpointDescription(Ours + "The registered tasks: name, priority, schedule (cron:<5-field UTC cron> or every:<seconds>; null "
        + "for on-demand tasks), per-VO, retry policy, limits and the version of their arguments.")]
    public static Ok<IReadOnlyList<TaskTypeInfo>> ListTaskTypes(AuthorizedUser user, [AsParameters] TasksServices services)
    {
        services.Policy.Check(user);
        return TypedResults.Ok(TaskOperations.ListTypes(services.Registry));
    }

    /// <summary><c>GET /api/tasks/schedules</c>.</summary>
    [EndpointSummary("List task schedules")]
    [EndpointDescription(Ours + "The stored periodic schedules (one per task, or per task and VO) with their pause flag. The workers "
        + "reconcile them with the registered tasks at start-up and every 30 s.")]
    public static async Task<Ok<IReadOnlyList<TaskScheduleInfo>>> ListSchedules(AuthorizedUser user, [AsParameters] TasksServices services,
        CancellationToken cancellationToken)
    {
        services.Policy.Check(user);
        return TypedResults.Ok(await TaskOperations.ListSchedulesAsync(services.Db, cancellationToken));
    }

    /// <summary><c>POST /api/tasks/schedules/{key}/pause</c>.</summary>
    [EndpointSummary("Pause a task schedule")]
    [EndpointDescription(Ours + "Pauses a schedule (key: task, or task@vo): its slots write no run until it is resumed; a pause survives "
        + "redeploys. 404 when there is no such schedule.")]
    public static async Task<Ok<TaskScheduleInfo>> PauseSchedule(string key, AuthorizedUser user, [AsParameters] TasksServices services,
        CancellationToken cancellationToken)
    {
        services.Policy.Check(user);
        return TypedResults.Ok(await TaskOperations.SetPausedAsync(services.Db, key, true, services.Time, cancellationToken));
    }

    /// <summary><c>POST /api/tasks/schedules/{key}/resume</c>.</summary>
    [EndpointSummary("Resume a task schedule")]
    [EndpointDescription(Ours + "Resumes a paused schedule. 404 when there is no such schedule.")]
    public static async Task<Ok<TaskScheduleInfo>> ResumeSchedule(string key, AuthorizedUser user, [AsParameters] TasksServices services,
        CancellationToken cancellationToken)
    {
        services.Policy.Check(user);
        return TypedResults.Ok(await TaskOperations.SetPausedAsync(services.Db, key, false, services.Time, cancellationToken));
    }

    /// <summary><c>GET /api/tasks/runs</c>.</summary>
    [EndpointSummary("List task runs")]
    [EndpointDescription(Ours + "The latest runs, newest first (at most limit, 1 to 1000, default 100), optionally of one state "
        + "(Pending, Running, Succeeded, Failed: state=Failed is the dead-letter list) and one task.")]
    public static async Task<Ok<IReadOnlyList<TaskRunInfo>>> ListRuns(AuthorizedUser user, [AsParameters] TasksServices services,
        CancellationToken cancellationToken, string? state = null, string? task_name = null, int limit = 100)
    {
        services.Policy.Check(user);
        return TypedResults.Ok(await TaskOperations.ListRunsAsync(services.Db, state, task_name, limit, cancellationToken));
    }

    /// <summary><c>GET /api/tasks/runs/{run_id}</c>.</summary>
    [EndpointSummary("Get a task run")]
    [EndpointDescription(Ours + "One run with its state, attempts and latest error. 404 when there is no such run.")]
    public static async Task<Ok<TaskRunInfo>> GetRun(long run_id, AuthorizedUser user, [AsParameters] TasksServices services,
        CancellationToken cancellationToken)
    {
        services.Policy.Check(user);
        return TypedResults.Ok(await TaskOperations.GetRunAsync(services.Db, run_id, cancellationToken));
    }

    /// <summary><c>POST /api/tasks/runs</c>.</summary>
    [EndpointSummary("Trigger a task")]
    [EndpointDescription(Ours + "Enqueues a run of a registered task (now, or at run_at) with its JSON arguments and returns it, "
        + "pending (201). The run is written in the request's transaction and DiracX.Tasks runs it. 404 for an unknown task.")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    public static async Task<Created<TaskRunInfo>> TriggerTask([FromBody] TaskTriggerRequest body, AuthorizedUser user,
        [AsParameters] TasksServices services, CancellationToken cancellationToken)
    {
        services.Policy.Check(user);
        var run = await TaskOperations.TriggerAsync(services.Queue, services.Registry, services.Db, body, cancellationToken);
        return TypedResults.Created($"/api/tasks/runs/{run.RunId}", run);
    }

    /// <summary><c>POST /api/tasks/runs/{run_id}/retry</c>.</summary>
    [EndpointSummary("Retry a failed task run")]
    [EndpointDescription(Ours + "Puts a failed run (from the dead-letter list) back in the queue with fresh attempts. 404 when there "
        + "is no such run, 409 when it has not failed.")]
    public static async Task<Ok<TaskRunInfo>> RetryRun(long run_id, AuthorizedUser user, [AsParameters] TasksServices services,
        CancellationToken cancellationToken)
    {
        services.Policy.Check(user);
        return TypedResults.Ok(await TaskOperations.RetryAsync(services.Db, run_id, services.Time, cancellationToken));
    }
}
