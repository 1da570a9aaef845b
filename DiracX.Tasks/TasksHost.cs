using DiracX.Core.Configuration;
using DiracX.Core.Modules;
using DiracX.Core.Settings;
using DiracX.Db.Infrastructure;
using DiracX.Db.Tasks;
using DiracX.Logic.Tasks;
using Quartz;

namespace DiracX.Tasks;

/// <summary>Settings of the tasks host (section <c>DiracX:Tasks</c>).</summary>
public sealed class TasksHostSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DiracX:Tasks";

    /// <summary>This worker's name in TaskDB and in Quartz's cluster (default: host name and process id).</summary>
    public string? NodeName { get; set; }

    /// <summary>How many runs this worker executes at once.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>How often an idle worker looks for due runs.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the schedules are reconciled with the tasks and the configuration's VOs (and pauses applied).</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Quartz's cluster check-in interval: a dead node's triggers move to another node after about twice this.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed run is held without renewal (a crashed worker's run is taken over after this).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The VOs of per-VO tasks when no configuration repository is set (comma-separated).</summary>
    public string? Vos { get; set; }

    /// <summary>Run the Quartz clock (periodic schedules); off for a worker that only executes runs.</summary>
    public bool Scheduler { get; set; } = true;
}

/// <summary>The outline of the tasks host: modules, databases, the executor, the Quartz clock and the workers.</summary>
public static class TasksHost
{
    /// <summary>The Quartz scheduler name shared by every worker of a deployment (one cluster).</summary>
    public const string SchedulerName = "diracx-tasks";

    /// <summary>
    /// Builds the host of <paramref name="modules"/> (DiracX's <see cref="TaskModules.BuiltIn"/>, plus an extension's); a module
    /// whose system is switched off (<c>DIRACX_SERVICE_&lt;NAME&gt;_ENABLED=false</c>) is left out with its tasks and settings.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(string[] args, IReadOnlyList<IDiracXModule> modules, bool worker = true)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddDiracXEnvironmentAliases();
        builder.AddServiceDefaults();
        var registries = new DiracXRegistries();
        registries.RegisterAll(TaskModules.Enabled(modules, builder.Configuration), builder.Services, builder.Configuration);
        var databases = registries.Get<DatabaseRegistry>();
        builder.Services.AddDiracXDatabases(databases, builder.Configuration);
        var missing = DatabaseServiceCollectionExtensions.MissingConnectionStrings(databases, builder.Configuration);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"no connection string for {string.Join(", ", missing)}: set ConnectionStrings__diracx (or ConnectionStrings__<db>, DIRACX_DB_URL_<DB>)");
        }
        var settings = builder.Configuration.GetSection(TasksHostSettings.Section).Get<TasksHostSettings>() ?? new TasksHostSettings();
        settings.NodeName ??= $"{Environment.MachineName}-{Environment.ProcessId}";
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(new TaskExecutorOptions { Lease = settings.Lease });
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("redis")))
        {
            builder.AddRedisClient("redis", s => s.DisableHealthChecks = true, o => o.AbortOnConnectFail = false);
        }
        AddVoSource(builder);
        builder.Services.AddSingleton<ScheduleReconciler>();
        if (!worker)
        {
            return builder;
        }
        builder.Services.AddHostedService<TaskWorker>();
        if (settings.Scheduler)
        {
            var cs = DbConnectionStrings.Find(builder.Configuration, DbNames.TaskDb)!;
            builder.Services.AddQuartz(q =>
            {
                q.ConfigureScheduler(o =>
                {
                    o.InstanceName = SchedulerName;
                    o.InstanceId = settings.NodeName;
                });
                q.UseDefaultThreadPool(p => p.MaxConcurrency = 2);
                q.UsePersistentStore(s =>
                {
                    s.UsePostgres(p => p.ConnectionString = cs);
                    s.ConfigureStore(o => o.TablePrefix = QuartzDbContext.TablePrefix);
                    s.UseClustering(c => c.CheckinInterval = settings.CheckinInterval);
                    s.UseSystemTextJsonSerializer();
                });
            });
            builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
            builder.Services.AddHostedService<ScheduleSync>();
        }
        return builder;
    }

    private static void AddVoSource(HostApplicationBuilder builder)
    {
        var url = builder.Configuration["DiracX:Config:BackendUrl"];
        if (string.IsNullOrWhiteSpace(url))
        {
            var vos = builder.Configuration[$"{TasksHostSettings.Section}:Vos"] ?? "";
            IReadOnlyList<string> list = [.. vos.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            builder.Services.AddSingleton<IVoSource>(new FixedVoSource(list));
            return;
        }
        builder.Services.AddSingleton(sp => new ConfigProvider(
            GitConfigSource.Create(url, new ConfigSchema(), builder.Configuration["DiracX:Config:CacheDirectory"]),
            TimeProvider.System, sp.GetRequiredService<ILogger<ConfigProvider>>()));
        builder.Services.AddHostedService<ConfigRefresher>();
        builder.Services.AddSingleton<IVoSource, ConfigVoSource>();
    }

    private sealed class ConfigRefresher(ConfigProvider provider) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => provider.RunAsync(stoppingToken);
    }
}

/// <summary>The VOs that per-VO schedules follow.</summary>
public interface IVoSource
{
    /// <summary>The current VOs (empty while unknown).</summary>
    IReadOnlyList<string> CurrentVos();
}

/// <summary>VOs from the <c>DiracX:Tasks:Vos</c> setting.</summary>
public sealed class FixedVoSource(IReadOnlyList<string> vos) : IVoSource
{
    /// <inheritdoc />
    public IReadOnlyList<string> CurrentVos() => vos;
}

/// <summary>VOs of the configuration's registry, following its changes.</summary>
public sealed class ConfigVoSource(ConfigProvider provider) : IVoSource
{
    /// <inheritdoc />
    public IReadOnlyList<string> CurrentVos() =>
        provider.TryGetCurrent(out var snapshot) ? [.. snapshot.Config.Registry.Keys.Order(StringComparer.Ordinal)] : [];
}
