using System.Collections.Concurrent;
using DiracX.Core.Modules;
using DiracX.Logic.Tasks;

namespace DiracX.Tasks.Tests;

public sealed record CountArgs(string Tag);

/// <summary>Counts its runs per tag.</summary>
public sealed class CountingTask : DiracXTask<CountArgs>
{
    public static ConcurrentDictionary<string, int> Runs { get; } = new();

    protected override Task ExecuteAsync(CountArgs args, TaskRunContext run, CancellationToken cancellationToken)
    {
        Runs.AddOrUpdate(args.Tag, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

/// <summary>Fails while its tag is listed in <see cref="Failing"/>.</summary>
public sealed class FlakyTask : DiracXTask<CountArgs>
{
    public static ConcurrentDictionary<string, bool> Failing { get; } = new();

    protected override Task ExecuteAsync(CountArgs args, TaskRunContext run, CancellationToken cancellationToken) =>
        Failing.ContainsKey(args.Tag) ? throw new InvalidOperationException($"boom {args.Tag}") : Task.CompletedTask;
}

/// <summary>The test extension's tasks.</summary>
public sealed class TestTasksModule : IDiracXModule
{
    public string Name => "testtasks";

    public void Register(DiracXModuleContext context)
    {
        context.AddTask(new TaskDefinition("test:Count", typeof(CountingTask)));
        context.AddTask(new TaskDefinition("test:Flaky", typeof(FlakyTask)) { Retry = RetryPolicy.Fixed(2, TimeSpan.Zero) });
    }
}
