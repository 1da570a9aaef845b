using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Db.Sandboxes;
using DiracX.Db.Tasks;
using DiracX.Logic.Sandboxes;
using DiracX.Logic.Tasks;
using DiracX.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace DiracX.Tasks.Tests;

/// <summary>The sandbox store clean-up task, run once by the executor against real PostgreSQL and the s3rver fixture.</summary>
public sealed class SandboxCleanupTaskTests
{
    private static readonly IReadOnlyList<IDiracXModule> s_modules = [new TaskInfrastructureModule(), new SandboxTasksModule()];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_task_is_DiracX_s_daily_background_clean_up_with_exponential_retry()
    {
        var definition = CleanSandboxStoreTask.Definition;
        Assert.Equal("jobs:CleanSandboxStoreTask", definition.Name);
        Assert.Equal(TaskSchedule.Cron("0 6 * * *"), definition.Schedule);
        Assert.Equal(TaskPriority.Background, definition.Priority);
        Assert.True(definition.Mutex);
        Assert.Equal(RetryPolicy.Exponential(3, TimeSpan.FromSeconds(300)), definition.Retry);
    }

    [Fact]
    public async Task One_run_deletes_the_unused_and_orphaned_sandboxes_from_the_store_and_the_database_and_keeps_the_others()
    {
        var s3 = await S3Server.GetSharedAsync(Ct);
        var bucket = S3Server.NewBucketName();
        await using var database = await DiracXDatabaseTemplates.For(s_modules).CreateDatabaseAsync(Ct);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(s3.SandboxSettings(bucket))
        {
            [$"ConnectionStrings:{DbNames.Default}"] = database.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        var registries = new DiracXRegistries();
        registries.RegisterAll(s_modules, services, configuration);
        services.AddDiracXDatabases(registries.Get<DatabaseRegistry>(), configuration);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<ISandboxStore>();
        await store.EnsureBucketAsync(Ct);
        var seName = provider.GetRequiredService<IOptions<Core.Settings.SandboxStoreSettings>>().Value.SeName;

        var now = time.GetUtcNow();
        // Four sandboxes uploaded as clients do (presigned POST pinning key, size and checksum), content-addressed PFNs.
        var contents = Enumerable.Range(0, 4).Select(i => System.Text.Encoding.UTF8.GetBytes($"sandbox {i}")).ToList();
        var pfns = contents.Select(c => SandboxPfn.Build(bucket, "lhcb", "lhcb_user", "alice", "sha256",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(c)), "tar.bz2")).ToList();
        var (old, recent, assigned, orphaned) = (pfns[0], pfns[1], pfns[2], pfns[3]);
        using var http = new HttpClient();
        for (var i = 0; i < 4; i++)
        {
            var key = SandboxPfn.ToKey(pfns[i]);
            var upload = store.PresignUpload(key, "sha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(contents[i])), contents[i].Length);
            using var form = new MultipartFormDataContent();
            foreach (var (name, value) in upload.Fields)
            {
                form.Add(new StringContent(value), name);
            }
            form.Add(new ByteArrayContent(contents[i]), "file", "sandbox.tar.bz2");
            var response = await http.PostAsync(upload.Url, form, Ct);
            Assert.True(response.IsSuccessStatusCode, $"upload: {response.StatusCode}");
            Assert.True(await store.ExistsAsync(key, contents[i].Length, Ct), key);
        }
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SandboxMetadataDb>();
            var owner = await db.GetOrInsertOwnerIdAsync("alice", "lhcb_user", "lhcb", Ct);
            await db.InsertSandboxAsync(owner, seName, old, 9, now - TimeSpan.FromDays(20), Ct);
            await db.InsertSandboxAsync(owner, seName, recent, 9, now - TimeSpan.FromDays(1), Ct);
            await db.InsertSandboxAsync(owner, seName, assigned, 9, now - TimeSpan.FromDays(20), Ct);
            await db.InsertSandboxAsync(owner, seName, orphaned, 9, now - TimeSpan.FromDays(1), Ct);
            Assert.Equal(SandboxAssignment.Assigned, await db.AssignAsync(1, seName, assigned, "Input", Ct));
            Assert.Equal(SandboxAssignment.Assigned, await db.AssignAsync(2, seName, orphaned, "Output", Ct));
        }
        // The job of the orphaned sandbox went without unassigning it (DIRAC's legacy removal): Assigned, no mapping.
        await using (var connection = await database.OpenConnectionAsync(Ct))
        {
            await using var command = new NpgsqlCommand("""DELETE FROM sandboxmetadatadb."sb_EntityMapping" WHERE "EntityId" = 'Job:2'""", connection);
            Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
        }

        long id;
        await using (var scope = provider.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<ITaskQueue>().EnqueueAsync(SandboxTasksModule.CleanSandboxStoreTaskName, null, null, Ct);
        }
        var executor = provider.GetRequiredService<TaskExecutor>();
        Assert.Equal(TaskAttemptOutcome.Succeeded, await executor.RunNextAsync("w1", Ct));

        await using (var scope = provider.CreateAsyncScope())
        {
            Assert.Equal(TaskRunStates.Succeeded, (await scope.ServiceProvider.GetRequiredService<TaskDb>().GetRunAsync(id, Ct))!.State);
            var left = await scope.ServiceProvider.GetRequiredService<SandboxMetadataDb>().GetSandboxesAsync(seName, [old, recent, assigned, orphaned], Ct);
            Assert.Equal([assigned, recent], left.Select(s => s.SEPFN).Order(StringComparer.Ordinal));
        }
        Assert.False(await store.ExistsAsync(SandboxPfn.ToKey(old), contents[0].Length, Ct));
        Assert.True(await store.ExistsAsync(SandboxPfn.ToKey(recent), contents[1].Length, Ct));
        Assert.True(await store.ExistsAsync(SandboxPfn.ToKey(assigned), contents[2].Length, Ct));
        Assert.False(await store.ExistsAsync(SandboxPfn.ToKey(orphaned), contents[3].Length, Ct));
    }

    [Fact]
    public async Task The_tasks_host_does_not_start_without_the_store_settings_unless_the_sandboxes_system_is_off()
    {
        var args = new[] { "--ConnectionStrings:diracx=Host=127.0.0.1;Database=none", "--DiracX:Tasks:Scheduler=false" };
        using var failing = TasksHost.CreateBuilder(args, TaskModules.BuiltIn).Build();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => failing.StartAsync(Ct));
        var line = StartupFailure.Describe(error);
        Assert.Contains("DIRACX_SANDBOX_STORE_BUCKET_NAME", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);

        var off = TasksHost.CreateBuilder([.. args, "--DiracX:Services:Sandboxes:Enabled=false"], TaskModules.BuiltIn, worker: false);
        using var host = off.Build();
        Assert.Null(host.Services.GetRequiredService<TaskRegistry>().Find(SandboxTasksModule.CleanSandboxStoreTaskName));
        await host.StartAsync(Ct);
        await host.StopAsync(Ct);
    }
}
