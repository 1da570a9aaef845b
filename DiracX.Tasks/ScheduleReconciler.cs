using System.Text.Json;
using DiracX.Db.Infrastructure;
using DiracX.Db.Tasks;
using DiracX.Logic.Tasks;

namespace DiracX.Tasks;

/// <summary>One schedule the registered tasks ask for.</summary>
public sealed record DesiredSchedule(string Key, TaskDefinition Definition, string? Vo, TaskSchedule Schedule)
{
    /// <summary>The arguments of its runs: <c>{"vo": ...}</c> for a per-VO task, none otherwise.</summary>
    public string ArgsJson => Vo is null ? "null" : JsonSerializer.Serialize(new VoArgs(Vo), DiracXTask<VoArgs>.ArgsJson);
}

/// <summary>
/// Reconciles the stored schedules (<c>taskdb.task_schedules</c>) with the registered tasks, their enabling settings and
/// the current VOs: a new schedule is added, a changed one updated (a paused one stays paused), one whose task or VO
/// is gone deleted. Serialised across workers by a transaction-scoped advisory lock.
/// </summary>
public sealed class ScheduleReconciler(IServiceScopeFactory scopes, TaskRegistry registry, IVoSource vos, IConfiguration configuration, TimeProvider time)
{
    /// <summary>The schedules the registered tasks ask for now.</summary>
    public IReadOnlyList<DesiredSchedule> Desired()
    {
        var desired = new List<DesiredSchedule>();
        foreach (var definition in registry.Tasks.Values.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (definition.Schedule is not { } schedule
                || definition.EnabledSetting is { } setting && !string.Equals(configuration[setting], "true", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (definition.PerVo)
            {
                desired.AddRange(vos.CurrentVos().Select(vo => new DesiredSchedule($"{definition.Name}@{vo}", definition, vo, schedule)));
            }
            else
            {
                desired.Add(new DesiredSchedule(definition.Name, definition, null, schedule));
            }
        }
        return desired;
    }

    /// <summary>Applies <see cref="Desired"/> to TaskDB and returns the stored schedules afterwards.</summary>
    public async Task<IReadOnlyList<TaskScheduleRecord>> ReconcileAsync(CancellationToken cancellationToken)
    {
        var desired = Desired();
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var unitOfWork = services.GetRequiredService<DbUnitOfWork>();
        await unitOfWork.BeginAsync([services.GetRequiredService<DbConnectionStringMap>().For(DbNames.TaskDb)!], cancellationToken);
        var db = services.GetRequiredService<TaskDb>();
        await db.LockForReconciliationAsync(cancellationToken);
        var stored = await db.ListSchedulesAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var schedule in desired)
        {
            await db.UpsertScheduleAsync(schedule.Key, schedule.Definition.Name, schedule.Vo, schedule.Schedule.Text, now, cancellationToken);
        }
        var keys = desired.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var removed = stored.Where(s => !keys.Contains(s.Key)).Select(s => s.Key).ToList();
        if (removed.Count > 0)
        {
            await db.DeleteSchedulesAsync(removed, cancellationToken);
        }
        var result = await db.ListSchedulesAsync(cancellationToken);
        await unitOfWork.CommitAsync(cancellationToken);
        return result;
    }
}
