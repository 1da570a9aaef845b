using DiracX.Core.Modules;
using DiracX.Logic.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace DiracX.Tasks.Tests;

/// <summary>
/// The entry point of this test assembly: <c>--test-worker</c> runs a DiracX.Tasks worker carrying
/// <see cref="WorkerTestModule"/> (what an extension's tasks host does), anything else runs the tests. The two-process
/// tests start it twice on one database (<see cref="WorkerProcess"/>).
/// </summary>
internal static class TestEntryPoint
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--test-worker", .. var rest])
        {
            var variant = Environment.GetEnvironmentVariable("TESTWORKER_VARIANT") ?? "v1";
            var host = TasksHost.CreateBuilder(rest, [.. TaskModules.BuiltIn, new WorkerTestModule(variant)]).Build();
            await host.RunAsync();
            return 0;
        }
        return await Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args);
    }
}

/// <summary>
/// The worker's test tasks. v1: a tick every 2 s, a slow retried task, a task that v2 removes, one whose schedule v2
/// changes, one that is paused between the two; the on-demand shutdown task (<see cref="ShutdownTestTask"/>) in every
/// variant; per-vo: a per-VO task every 2 s. Each execution is recorded in <c>public.test_executions</c> on a
/// connection of its own (so it stays whatever the run's outcome).
/// </summary>
public sealed class WorkerTestModule(string variant) : IDiracXModule
{
    public const string Tick = "test:Tick";
    public const string Slow = "test:Slow";
    public const string Removed = "test:Removed";
    public const string Changing = "test:Changing";
    public const string Paused = "test:Paused";
    public const string Shutdown = "test:Shutdown";
    public const string PerVo = "test:PerVo";

    public string Name => "workertest";

    public void Register(DiracXModuleContext context)
    {
        // The tick is left out of the other variants' tests by not registering it there (it would only add noise).
        if (variant == "v1")
        {
            context.AddTask(new TaskDefinition(Tick, typeof(RecordedTask))
            {
                Schedule = TaskSchedule.Every(TimeSpan.FromSeconds(2)), Retry = RetryPolicy.Fixed(3, TimeSpan.Zero),
            });
        }
        context.AddTask(new TaskDefinition(Slow, typeof(SlowRetriedTask)) { Retry = RetryPolicy.Fixed(3, TimeSpan.FromSeconds(1)) });
        if (variant == "reconcile-v1")
        {
            context.AddTask(new TaskDefinition(Removed, typeof(RecordedTask)) { Schedule = TaskSchedule.Cron("0 3 * * *") });
        }
        context.AddTask(new TaskDefinition(Changing, typeof(RecordedTask))
        {
            Schedule = TaskSchedule.Cron(variant == "reconcile-v2" ? "30 2 * * *" : "0 1 * * *"),
        });
        context.AddTask(new TaskDefinition(Paused, typeof(RecordedTask)) { Schedule = TaskSchedule.Cron("0 4 * * *") });
        context.AddTask(new TaskDefinition(Shutdown, typeof(ShutdownTestTask)));
        if (variant == "per-vo")
        {
            context.AddTask(new TaskDefinition(PerVo, typeof(PerVoRecordedTask)) { Schedule = TaskSchedule.Every(TimeSpan.FromSeconds(2)), PerVo = true });
        }
    }
}

/// <summary>Writes one row per execution.</summary>
public static class Executions
{
    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS public.test_executions (id bigserial PRIMARY KEY, task text NOT NULL, run_id bigint NOT NULL,
            attempt int NOT NULL, node text NOT NULL, scheduled_for timestamptz, outcome text NOT NULL, at timestamptz NOT NULL DEFAULT now())
        """;

    public static async Task RecordAsync(IConfiguration configuration, TasksHostSettings settings, TaskRunContext run, string outcome,
        CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(configuration.GetConnectionString("diracx"));
        await connection.OpenAsync(cancellationToken);
        await RecordAsync(connection, null, settings, run, outcome, cancellationToken);
    }

    /// <summary>Writes the row on <paramref name="connection"/>, in <paramref name="transaction"/> when there is one.</summary>
    public static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, TasksHostSettings settings, TaskRunContext run,
        string outcome, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO public.test_executions (task, run_id, attempt, node, scheduled_for, outcome) VALUES ($1, $2, $3, $4, $5, $6)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = run.Definition.Name });
        command.Parameters.Add(new NpgsqlParameter { Value = run.RunId });
        command.Parameters.Add(new NpgsqlParameter { Value = run.Attempt });
        command.Parameters.Add(new NpgsqlParameter { Value = settings.NodeName! });
        command.Parameters.Add(new NpgsqlParameter<DateTime?> { TypedValue = run.ScheduledFor?.UtcDateTime, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = outcome });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Records its execution and succeeds.</summary>
public sealed class RecordedTask(IConfiguration configuration, TasksHostSettings settings) : DiracXTask<NoArgs>
{
    protected override Task ExecuteAsync(NoArgs args, TaskRunContext run, CancellationToken cancellationToken) =>
        Executions.RecordAsync(configuration, settings, run, "done", cancellationToken);
}

/// <summary>Records its execution (its arguments name the VO: the run of that VO's schedule).</summary>
public sealed class PerVoRecordedTask(IConfiguration configuration, TasksHostSettings settings) : DiracXTask<VoArgs>
{
    protected override Task ExecuteAsync(VoArgs args, TaskRunContext run, CancellationToken cancellationToken) =>
        Executions.RecordAsync(configuration, settings, run, $"vo:{args.Vo}", cancellationToken);
}

/// <summary>Attempt 1 fails; attempt 2 records that it started and hangs (its worker gets killed); attempt 3 succeeds.</summary>
public sealed class SlowRetriedTask(IConfiguration configuration, TasksHostSettings settings) : DiracXTask<NoArgs>
{
    protected override async Task ExecuteAsync(NoArgs args, TaskRunContext run, CancellationToken cancellationToken)
    {
        switch (run.Attempt)
        {
            case 1:
                await Executions.RecordAsync(configuration, settings, run, "failed", cancellationToken);
                throw new InvalidOperationException("first attempt fails");
            case 2:
                await Executions.RecordAsync(configuration, settings, run, "hanging", cancellationToken);
                await Task.Delay(TimeSpan.FromMinutes(5), cancellationToken);
                await Executions.RecordAsync(configuration, settings, run, "succeeded", cancellationToken);
                return;
            default:
                await Executions.RecordAsync(configuration, settings, run, "succeeded", cancellationToken);
                return;
        }
    }
}
