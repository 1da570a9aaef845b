using System.Text.Json;
using DiracX.Core.Errors;

namespace DiracX.Logic.Tasks;

/// <summary>A task class as the executor sees it; implement <see cref="DiracXTask{TArgs}"/> instead.</summary>
public interface ITaskHandler
{
    /// <summary>The locks the run must hold (beyond the definition's own), from its arguments.</summary>
    IReadOnlyList<string> LockKeys(TaskRunContext run);

    /// <summary>Runs the task.</summary>
    Task ExecuteAsync(TaskRunContext run, CancellationToken cancellationToken);
}

/// <summary>A run as its task sees it.</summary>
/// <param name="RunId">The run's id in TaskDB (0 for an inline run from the command line).</param>
/// <param name="Definition">The task's definition.</param>
/// <param name="Args">The arguments (JSON; <c>null</c> when none).</param>
/// <param name="Attempt">The attempt, from 1.</param>
/// <param name="ScheduledFor">The slot of a periodic run.</param>
public sealed record TaskRunContext(long RunId, TaskDefinition Definition, JsonElement Args, int Attempt, DateTimeOffset? ScheduledFor);

/// <summary>
/// The base of DiracX's tasks (DiracX's <c>BaseTask</c>): typed arguments, read from the run's JSON, and
/// <see cref="ExecuteAsync(TArgs, TaskRunContext, CancellationToken)"/>. The class is created in the run's own DI scope,
/// so its constructor receives services (databases on the scope's connections, settings, the clock).
/// </summary>
/// <typeparam name="TArgs">The arguments (a record serialised as JSON).</typeparam>
public abstract class DiracXTask<TArgs> : ITaskHandler
{
    /// <summary>
    /// How the arguments are read and written (snake_case, as DiracX's msgpack'd dataclass fields). A constructor
    /// parameter without a default must be given and a non-nullable one must not be null, as for a dataclass: otherwise
    /// a run would start with a null where its task expects a value.
    /// </summary>
    public static JsonSerializerOptions ArgsJson { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>Runs the task.</summary>
    protected abstract Task ExecuteAsync(TArgs args, TaskRunContext run, CancellationToken cancellationToken);

    /// <summary>The object locks of a run (e.g. <c>job:123</c>): none by default.</summary>
    protected virtual IReadOnlyList<string> LockKeys(TArgs args) => [];

    IReadOnlyList<string> ITaskHandler.LockKeys(TaskRunContext run) => LockKeys(Read(run));

    Task ITaskHandler.ExecuteAsync(TaskRunContext run, CancellationToken cancellationToken) => ExecuteAsync(Read(run), run, cancellationToken);

    private static TArgs Read(TaskRunContext run) =>
        run.Args.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null && typeof(TArgs) == typeof(NoArgs)
            ? (TArgs)(object)NoArgs.Instance
            : run.Args.Deserialize<TArgs>(ArgsJson) ?? throw new TaskArgumentsException($"{run.Definition.Name} needs arguments");
}

/// <summary>The arguments of a task that takes none.</summary>
public sealed record NoArgs
{
    /// <summary>The only value.</summary>
    public static NoArgs Instance { get; } = new();
}

/// <summary>The arguments of a per-VO periodic task.</summary>
/// <param name="Vo">The VO.</param>
public sealed record VoArgs(string Vo);

/// <summary>A run's arguments cannot be read (wrong shape or version): the run fails without retries.</summary>
public sealed class TaskArgumentsException(string message) : Exception(message);

/// <summary>Reads a run's arguments as its task will, before the run is stored.</summary>
public static class TaskArguments
{
    // At trigger, a member the task does not declare is refused too (a mistyped or misplaced argument would otherwise be
    // dropped silently); the worker reads stored runs with the task's own options, which ignore such members, so that
    // runs stored by an older version still run.
    private static readonly JsonSerializerOptions s_strict = new(DiracXTask<NoArgs>.ArgsJson)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Refuses arguments the task of <paramref name="definition"/> cannot read, or with members it does not declare.</summary>
    /// <exception cref="RequestValidationException">422 at <c>["body", "args"]</c>.</exception>
    public static void Check(TaskDefinition definition, JsonElement? args)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (ArgsType(definition.TaskType) is not { } type)
        {
            return;
        }
        var element = args ?? default;
        string? problem = null;
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            problem = type == typeof(NoArgs) ? null : $"{definition.Name} needs arguments";
        }
        else
        {
            try
            {
                problem = element.Deserialize(type, s_strict) is null ? $"{definition.Name} needs arguments" : null;
            }
            catch (JsonException e)
            {
                problem = $"{definition.Name} cannot read these arguments ({type.Name}): {e.Message}";
            }
        }
        if (problem is not null)
        {
            throw new RequestValidationException(new ValidationProblem(["body", "args"], $"Value error, {problem}", "value_error",
                args is { ValueKind: not JsonValueKind.Undefined } a ? System.Text.Json.Nodes.JsonNode.Parse(a.GetRawText()) : null));
        }
    }

    // TArgs of the DiracXTask<TArgs> the task class derives from (null for an ITaskHandler of its own).
    private static Type? ArgsType(Type taskType)
    {
        for (var type = taskType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(DiracXTask<>))
            {
                return type.GetGenericArguments()[0];
            }
        }
        return null;
    }
}
