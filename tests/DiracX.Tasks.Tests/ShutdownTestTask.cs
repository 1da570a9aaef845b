using DiracX.Db.Infrastructure;
using DiracX.Logic.Tasks;
using Microsoft.Extensions.Configuration;

namespace DiracX.Tasks.Tests;

/// <summary>The arguments of <see cref="ShutdownTestTask"/>: how long it works, and on which node only (any when null).</summary>
public sealed record ShutdownArgs(double Seconds, string? SlowOn = null);

/// <summary>
/// Records that it started (on a connection of its own, so the row stays), works for a while, then records
/// <c>committed</c> in the run's unit of work: that row exists only when the run's transaction committed.
/// </summary>
public sealed class ShutdownTestTask(IConfiguration configuration, TasksHostSettings settings, DbUnitOfWork unitOfWork,
    DbConnectionStringMap connectionStrings) : DiracXTask<ShutdownArgs>
{
    protected override async Task ExecuteAsync(ShutdownArgs args, TaskRunContext run, CancellationToken cancellationToken)
    {
        await Executions.RecordAsync(configuration, settings, run, "started", cancellationToken);
        var connectionString = connectionStrings.For(DbNames.TaskDb)!;
        await Executions.RecordAsync(unitOfWork.ConnectionFor(connectionString)!, unitOfWork.TransactionFor(connectionString), settings, run,
            "committed", cancellationToken);
        if (args.SlowOn is null || args.SlowOn == settings.NodeName)
        {
            await Task.Delay(TimeSpan.FromSeconds(args.Seconds), cancellationToken);
        }
    }
}
