using DiracX.Core.Modules;
using DiracX.Db.Auth;
using DiracX.Db.Jobs;
using DiracX.Db.Sandboxes;
using DiracX.Db.Tasks;
using DiracX.Logic.Auth;
using DiracX.Logic.Jobs;
using DiracX.Logic.Sandboxes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiracX.Logic.Tasks;

/// <summary>The task plumbing every host that enqueues or runs tasks needs: TaskDB, the queue, the executor, the locks.</summary>
public sealed class TaskInfrastructureModule : IDiracXModule
{
    /// <inheritdoc />
    public string Name => "tasks";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        new TaskDbModule().Register(context);
        var registry = context.Registry<TaskRegistry>();
        var services = context.Services;
        services.TryAddSingleton(registry);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<TaskQueue>();
        services.TryAddScoped<ITaskQueue>(sp => sp.GetRequiredService<TaskQueue>());
        services.TryAddSingleton(new TaskExecutorOptions());
        services.TryAddSingleton<TaskExecutor>();
        services.AddTaskLockStore();
    }
}

/// <summary>The jobs system's tasks: stalled jobs and the dummy job executor.</summary>
public sealed class JobTasksModule : IDiracXModule
{
    /// <inheritdoc />
    public string Name => "jobs";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        new JobDbModule().Register(context);
        context.Services.AddOptions<JobTasksSettings>().Configure(o => context.Configuration.GetSection(JobTasksSettings.Section).Bind(o));
        context.Services.TryAddScoped<StatusStores>();
        context.AddTask(StalledJobsTask.Definition)
            .AddTask(DummyJobExecutorMonitorTask.Definition)
            .AddTask(DummyJobExecutorTask.Definition);
    }
}

/// <summary>The auth system's tasks: AuthDB pruning.</summary>
public sealed class AuthTasksModule : IDiracXModule
{
    /// <inheritdoc />
    public string Name => "auth";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        new AuthDbModule().Register(context);
        context.Services.AddOptions<Core.Settings.AuthSettings>().Configure(o => context.Configuration.GetSection("DiracX:Auth").Bind(o));
        context.AddTask(PruneAuthDbTask.Definition);
    }
}

/// <summary>
/// The sandboxes system's tasks: the sandbox store clean-up (<see cref="CleanSandboxStoreTask"/>), with the S3 store it
/// needs, from the same settings as the routers' (<c>DIRACX_SANDBOX_STORE_*</c>). Without them the tasks host does not
/// start (one line naming the setting) unless the system is switched off: <c>DIRACX_SERVICE_SANDBOXES_ENABLED=false</c>.
/// </summary>
public sealed class SandboxTasksModule : IDiracXModule
{
    /// <summary>The name the sandbox clean-up task is registered under (DiracX's).</summary>
    public const string CleanSandboxStoreTaskName = "jobs:CleanSandboxStoreTask";

    /// <inheritdoc />
    public string Name => "sandboxes";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        new JobDbModule().Register(context);
        var services = context.Services;
        services.AddOptions<Core.Settings.SandboxStoreSettings>()
            .Configure(o => context.Configuration.GetSection(Core.Settings.SandboxStoreSettings.Section).Bind(o))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Core.Settings.SandboxStoreSettings>, SandboxTaskSettingsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISandboxStore>(sp => new S3SandboxStore(sp.GetRequiredService<IOptions<Core.Settings.SandboxStoreSettings>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<S3SandboxStore>>()));
        context.AddTask(CleanSandboxStoreTask.Definition);
    }

    private sealed class SandboxTaskSettingsValidation : IValidateOptions<Core.Settings.SandboxStoreSettings>
    {
        public ValidateOptionsResult Validate(string? name, Core.Settings.SandboxStoreSettings options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(
                $"Cannot enable system=sandboxes (the sandbox store clean-up task) as {string.Join("; ", problems)} "
                + "(or set DIRACX_SERVICE_SANDBOXES_ENABLED=false)");
        }
    }
}

/// <summary>DiracX's task modules, in registration order; an extension's tasks host appends its own.</summary>
public static class TaskModules
{
    /// <summary>Every built-in task module.</summary>
    public static IReadOnlyList<IDiracXModule> BuiltIn { get; } =
        [new TaskInfrastructureModule(), new AuthTasksModule(), new JobTasksModule(), new SandboxTasksModule()];

    /// <summary>
    /// The modules whose system is switched on (<c>DIRACX_SERVICE_&lt;NAME&gt;_ENABLED</c>, default true, as the routers'
    /// systems): <c>DIRACX_SERVICE_SANDBOXES_ENABLED=false</c> drops the sandbox clean-up with the sandbox routes. The
    /// task plumbing itself (<see cref="TaskInfrastructureModule"/>) is always kept.
    /// </summary>
    public static IReadOnlyList<IDiracXModule> Enabled(IEnumerable<IDiracXModule> modules, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(modules);
        ArgumentNullException.ThrowIfNull(configuration);
        return [.. modules.Where(m => m is TaskInfrastructureModule || configuration.GetValue(
            $"DiracX:Services:{Core.Settings.DiracXSettingNames.Pascal(m.Name.Replace('-', '_').Replace('.', '_').ToUpperInvariant())}:Enabled", true))];
    }

    /// <summary>
    /// The task definitions the given (enabled) modules register, without their services: what a host that only
    /// enqueues and inspects runs (the routers) needs to know.
    /// </summary>
    public static IReadOnlyList<TaskDefinition> DefinitionsOf(IEnumerable<IDiracXModule> modules, IConfiguration configuration)
    {
        var scratch = new DiracXRegistries();
        scratch.RegisterAll(Enabled(modules, configuration), new ServiceCollection(), configuration);
        return [.. scratch.Get<TaskRegistry>().Tasks.Values];
    }
}
