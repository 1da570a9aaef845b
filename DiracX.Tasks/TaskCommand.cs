using System.Text.Json;
using DiracX.Core.Modules;
using DiracX.Logic.Tasks;

namespace DiracX.Tasks;

/// <summary>
/// The command line of DiracX's <c>diracx-task-run</c> (renamed <c>diracx-tasks</c> later; both accepted as a first
/// word): <c>call &lt;name&gt; [--args JSON]</c> runs one task inline and exits (0 on success, 1 with the error),
/// <c>submit &lt;name&gt; [--args JSON]</c> enqueues a run, <c>list</c> prints the registered tasks. Anything else runs the worker.
/// </summary>
public static class TaskCommand
{
    private static readonly string[] s_prefixes = ["diracx-task-run", "diracx-tasks"];

    /// <summary>The arguments without the optional program-name word.</summary>
    public static string[] Normalize(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Length > 0 && s_prefixes.Contains(args[0]) ? args[1..] : args;
    }

    /// <summary>True when the arguments name a command rather than the worker.</summary>
    public static bool IsCommand(string[] args) => Normalize(args) is ["call" or "submit" or "list", ..];

    /// <summary>Runs the command.</summary>
    public static async Task<int> RunAsync(string[] args, IReadOnlyList<IDiracXModule> modules, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var words = Normalize(args);
        var json = "null";
        var rest = new List<string>();
        for (var i = 1; i < words.Length; i++)
        {
            if (words[i] == "--args" && i + 1 < words.Length)
            {
                json = words[++i];
            }
            else if (!words[i].StartsWith("--", StringComparison.Ordinal))
            {
                rest.Add(words[i]);
            }
        }
        var builder = TasksHost.CreateBuilder([], modules, worker: false);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        using var host = builder.Build();
        var registry = host.Services.GetRequiredService<TaskRegistry>();
        if (words[0] == "list")
        {
            foreach (var task in registry.Tasks.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                await output.WriteLineAsync($"{task.Name}\t{task.Schedule?.Text ?? "on demand"}");
            }
            return 0;
        }
        if (rest.Count != 1)
        {
            await error.WriteLineAsync($"usage: diracx-task-run {words[0]} <name> [--args JSON]");
            return 2;
        }
        var name = rest[0];
        if (registry.Find(name) is null)
        {
            await error.WriteLineAsync($"unknown task {name}; known: {string.Join(", ", registry.Tasks.Keys.Order(StringComparer.Ordinal))}");
            return 1;
        }
        JsonElement parsed;
        try
        {
            parsed = JsonDocument.Parse(json).RootElement.Clone();
        }
        catch (JsonException e)
        {
            await error.WriteLineAsync($"--args is not JSON: {e.Message}");
            return 2;
        }
        try
        {
            if (words[0] == "call")
            {
                await host.Services.GetRequiredService<TaskExecutor>().RunInlineAsync(name, parsed, CancellationToken.None);
                await output.WriteLineAsync($"{name}: done");
            }
            else
            {
                await using var scope = host.Services.CreateAsyncScope();
                var id = await scope.ServiceProvider.GetRequiredService<ITaskQueue>().EnqueueAsync(name, parsed, null, CancellationToken.None);
                await output.WriteLineAsync($"{name}: run {id} enqueued");
            }
            return 0;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"{name} failed: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
