using DiracX.Core.Settings;
using DiracX.Db.Auth;
using DiracX.Logic.Tasks;
using Microsoft.Extensions.Options;

namespace DiracX.Logic.Auth;

/// <summary>
/// Prunes AuthDB (DiracX's <c>cleanup-authdb</c> CronJob, here a periodic task): finished or abandoned device and
/// authorization flows past their retention, refresh tokens past their lifetime (<see cref="AuthDbCleanup"/>).
/// </summary>
public sealed class PruneAuthDbTask(AuthDb db, IOptions<AuthSettings> settings, TimeProvider time) : DiracXTask<NoArgs>
{
    /// <summary>The task's name.</summary>
    public const string Name = "auth:PruneAuthDb";

    /// <summary>The definition: hourly, background, one at a time.</summary>
    public static TaskDefinition Definition { get; } = new(Name, typeof(PruneAuthDbTask))
    {
        Schedule = TaskSchedule.Cron("7 * * * *"), Priority = TaskPriority.Background, Mutex = true,
        Retry = RetryPolicy.Exponential(3, TimeSpan.FromMinutes(1)),
    };

    /// <inheritdoc />
    protected override Task ExecuteAsync(NoArgs args, TaskRunContext run, CancellationToken cancellationToken) =>
        AuthDbCleanup.PruneAsync(db, settings.Value, time, cancellationToken);
}
