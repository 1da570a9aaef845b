using System.Diagnostics;
using System.Text.Json;
using DiracX.Core.Modules;
using DiracX.Db.Tasks;
using DiracX.Logic.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace DiracX.Tasks.Tests;

/// <summary>The telemetry test's tasks, under names of their own (metric listeners see every test's measurements).</summary>
public sealed class TelemetryTasksModule : IDiracXModule
{
    public const string Ok = "telemetry:Ok";
    public const string Flaky = "telemetry:Flaky";

    public string Name => "telemetrytasks";

    public void Register(DiracXModuleContext context)
    {
        context.AddTask(new TaskDefinition(Ok, typeof(CountingTask)));
        context.AddTask(new TaskDefinition(Flaky, typeof(FlakyTask)) { Retry = RetryPolicy.Fixed(2, TimeSpan.Zero) });
    }
}

/// <summary>A span per run continuing the enqueuer's trace, and the per-task metrics, through the executor on real PostgreSQL.</summary>
public sealed class TaskTelemetryTests() : TaskServicesTest(s_modules, DateTimeOffset.UtcNow)
{
    private static readonly IReadOnlyList<IDiracXModule> s_modules = [new TaskInfrastructureModule(), new TelemetryTasksModule()];
    private static readonly ActivitySource s_enqueuer = new("DiracX.Tasks.Tests.Enqueuer");

    private static JsonElement Args(string tag) => JsonSerializer.SerializeToElement(new CountArgs(tag), DiracXTask<CountArgs>.ArgsJson);

    private static Activity RunSpan(TelemetryCapture capture, long runId) =>
        Assert.Single(capture.Spans, s => s.Source.Name == "DiracX" && Equals(s.GetTagItem("diracx.task.run_id"), runId));

    [Fact]
    public async Task A_run_enqueued_inside_a_span_executes_in_a_span_of_the_same_trace_whose_parent_is_the_enqueuing_span()
    {
        using var capture = new TelemetryCapture(s_enqueuer.Name);
        long id;
        ActivityContext enqueuing;
        using (var request = s_enqueuer.StartActivity("POST /api/tasks/runs", ActivityKind.Server)!)
        {
            enqueuing = request.Context;
            id = await TaskTestServices.EnqueueInRequestAsync(Services, TelemetryTasksModule.Ok, Args("traced"), commit: true, Ct);
        }

        Assert.Equal(TaskAttemptOutcome.Succeeded, await Executor.RunNextAsync("w1", Ct));

        var span = RunSpan(capture, id);
        Assert.Equal(enqueuing.TraceId, span.TraceId);
        Assert.Equal(enqueuing.SpanId, span.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Equal($"task.execute {TelemetryTasksModule.Ok}", span.DisplayName);
        Assert.Equal(TelemetryTasksModule.Ok, span.GetTagItem("diracx.task.name"));
        Assert.Equal("succeeded", span.GetTagItem("diracx.task.outcome"));
        Assert.Equal(ActivityStatusCode.Ok, span.Status);
    }

    [Fact]
    public async Task A_periodic_slot_run_starts_a_trace_of_its_own_and_records_its_lag_behind_the_schedule()
    {
        using var capture = new TelemetryCapture(s_enqueuer.Name);
        var slot = Time.GetUtcNow() - TimeSpan.FromSeconds(30);
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TaskDb>().EnqueueSlotAsync(new NewTaskRun(TelemetryTasksModule.Ok, """{"tag": "slot"}""", 1, 1,
                slot, null, TelemetryTasksModule.Ok, slot), Time.GetUtcNow(), Ct);
        }
        Assert.Equal(TaskAttemptOutcome.Succeeded, await ExecuteUnderUnrelatedSpanAsync());

        var span = Assert.Single(capture.Spans, s => s.Source.Name == "DiracX" && Equals(s.GetTagItem("diracx.task.name"), TelemetryTasksModule.Ok));
        Assert.Equal(default, span.ParentSpanId);
        var lag = Assert.Single(capture.Of(TelemetryTasksModule.Ok), m => m.Instrument == "diracx.tasks.lag");
        // The database keeps microseconds; the fake clock has finer ticks.
        Assert.Equal(30, lag.Value, 3);
        Assert.Equal(true, lag.Tags["scheduled"]);
    }

    // The worker runs outside any request; a span open around the call must not become the run's parent.
    private async Task<TaskAttemptOutcome> ExecuteUnderUnrelatedSpanAsync()
    {
        using var unrelated = s_enqueuer.StartActivity("unrelated");
        return await Executor.RunNextAsync("w1", Ct);
    }

    [Fact]
    public async Task Runs_failures_and_durations_are_counted_per_task_by_outcome()
    {
        using var capture = new TelemetryCapture();
        FlakyTask.Failing["metrics"] = true;
        await TaskTestServices.EnqueueInRequestAsync(Services, TelemetryTasksModule.Ok, Args("metrics"), commit: true, Ct);
        await TaskTestServices.EnqueueInRequestAsync(Services, TelemetryTasksModule.Flaky, Args("metrics"), commit: true, Ct);

        var outcomes = new List<TaskAttemptOutcome>();
        for (var outcome = await Executor.RunNextAsync("w1", Ct); outcome != TaskAttemptOutcome.Idle; outcome = await Executor.RunNextAsync("w1", Ct))
        {
            outcomes.Add(outcome);
        }

        Assert.Equal([TaskAttemptOutcome.Succeeded, TaskAttemptOutcome.Retried, TaskAttemptOutcome.Failed], outcomes.Order());
        static string Runs(IEnumerable<Measurement> m) => string.Join(",", m.Where(x => x.Instrument == "diracx.tasks.runs").Select(x => $"{x.Tags["outcome"]}:{x.Value}").Order());
        var ok = capture.Of(TelemetryTasksModule.Ok);
        var flaky = capture.Of(TelemetryTasksModule.Flaky);
        Assert.Equal("succeeded:1", Runs(ok));
        Assert.Equal("failed:1,retried:1", Runs(flaky));
        Assert.DoesNotContain(ok, m => m.Instrument == "diracx.tasks.failures");
        Assert.Equal(2, flaky.Where(m => m.Instrument == "diracx.tasks.failures").Sum(m => m.Value));
        Assert.Single(ok, m => m.Instrument == "diracx.tasks.duration" && (string?)m.Tags["outcome"] == "succeeded" && m.Value >= 0);
        Assert.Equal(2, flaky.Count(m => m.Instrument == "diracx.tasks.duration"));
        Assert.All(ok.Concat(flaky).Where(m => m.Instrument == "diracx.tasks.lag"), m => Assert.Equal(false, m.Tags["scheduled"]));
    }
}
