using DiracX.Core.Modules;

namespace DiracX.Logic.Tasks;

/// <summary>
/// The tasks of a host, by name, filled by the modules (<c>context.Registry&lt;TaskRegistry&gt;().Add(...)</c>) like
/// routes: a later definition of a name replaces the earlier one, <see cref="Remove"/> drops one.
/// </summary>
public sealed class TaskRegistry
{
    private readonly Dictionary<string, TaskDefinition> _tasks = new(StringComparer.Ordinal);

    /// <summary>Every task, by name.</summary>
    public IReadOnlyDictionary<string, TaskDefinition> Tasks => _tasks;

    /// <summary>Adds or replaces a task.</summary>
    public TaskRegistry Add(TaskDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!typeof(ITaskHandler).IsAssignableFrom(definition.TaskType))
        {
            throw new ArgumentException($"{definition.TaskType} is not a task (DiracXTask<TArgs>)", nameof(definition));
        }
        _tasks[definition.Name] = definition;
        return this;
    }

    /// <summary>Removes a task (an extension that does not want one of DiracX's).</summary>
    public TaskRegistry Remove(string name)
    {
        _tasks.Remove(name);
        return this;
    }

    /// <summary>The definition of a name, or null.</summary>
    public TaskDefinition? Find(string name) => _tasks.GetValueOrDefault(name);
}

/// <summary>Registration helpers for modules.</summary>
public static class TaskRegistryExtensions
{
    /// <summary>Adds or replaces a task of this host.</summary>
    public static DiracXModuleContext AddTask(this DiracXModuleContext context, TaskDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Registry<TaskRegistry>().Add(definition);
        return context;
    }
}
