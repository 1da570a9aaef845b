using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Logic.Tasks;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Routers.Infrastructure.Routing;
using DiracX.Routers.Tasks;
using DiracX.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DiracX.Routers.Tests.Tasks;

public sealed record TagArgs(string Tag);

/// <summary>Counts its runs per tag.</summary>
public sealed class RecordingTask : DiracXTask<TagArgs>
{
    public static ConcurrentDictionary<string, int> Runs { get; } = new();

    protected override Task ExecuteAsync(TagArgs args, TaskRunContext run, CancellationToken cancellationToken)
    {
        Runs.AddOrUpdate(args.Tag, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

/// <summary>Always fails (one attempt): its runs land in the dead-letter list.</summary>
public sealed class BrokenTask : DiracXTask<TagArgs>
{
    protected override Task ExecuteAsync(TagArgs args, TaskRunContext run, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"broken {args.Tag}");
}

/// <summary>The test extension's tasks.</summary>
public sealed class RouterTestTasksModule : IDiracXModule
{
    public string Name => "routertesttasks";

    public void Register(DiracXModuleContext context)
    {
        context.AddTask(new TaskDefinition("test:Record", typeof(RecordingTask)));
        context.AddTask(new TaskDefinition("test:Broken", typeof(BrokenTask)));
    }
}

/// <summary>An extension route that enqueues a run and then fails: its request rolls back.</summary>
public sealed class EnqueueThenFailModule : IDiracXModule
{
    public string Name => "enqueuethenfail";

    public void Register(DiracXModuleContext context) =>
        context.Map("POST", "/api/enqueuethenfail/{tag}", EnqueueThenFail, RouteAccess.AnyAuthenticated, "Enqueue then fail",
            "Test route: enqueues a run, then throws.", r => r with { Databases = [DbNames.TaskDb], ExcludeFromDescription = true });

    public static async Task<Microsoft.AspNetCore.Http.IResult> EnqueueThenFail(string tag, ITaskQueue queue, CancellationToken cancellationToken)
    {
        await queue.EnqueueAsync("test:Record", System.Text.Json.JsonSerializer.SerializeToElement(new TagArgs(tag), DiracXTask<TagArgs>.ArgsJson),
            null, cancellationToken);
        throw new InvalidOperationException("failing after the enqueue");
    }
}

/// <summary>The routers with the task routes knowing the test tasks, on a fresh database.</summary>
public sealed class TasksFixture : IAsyncLifetime
{
    public static IReadOnlyList<IDiracXModule> Modules { get; } =
        [.. DiracXModules.BuiltIn.Where(m => m is not TasksModule), new TasksModule([.. TaskModules.BuiltIn, new RouterTestTasksModule()]),
            new EnqueueThenFailModule()];

    public static TestIdentity ServiceAdmin { get; } = new("lhcb", "5e1f0c2a-7d4b-4f0e-9a3c-2b1d0e9f8a7c", "svcadmin", "lhcb_admin", ["ServiceAdministrator"]);

    public DiracXTestApp App { get; private set; } = null!;

    public HttpClient Operator => App.CreateClient(ServiceAdmin);

    public HttpClient User => App.CreateClient(TestIdentity.NormalUser);

    public async ValueTask InitializeAsync() =>
        App = await DiracXTestApp.StartAsync(Modules, cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The task operations routes over HTTP with real tokens and the real policy; runs executed in-process.</summary>
public sealed class TaskRouteTests(TasksFixture fixture) : IClassFixture<TasksFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

    private async Task<JsonObject> TriggerAsync(string task, string tag)
    {
        var response = await fixture.Operator.PostAsJsonAsync("/api/tasks/runs", new { task_name = task, args = new { tag } }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).AsObject();
    }

    private async Task<JsonObject> GetRunAsync(long id)
    {
        var response = await fixture.Operator.GetAsync($"/api/tasks/runs/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonAsync(response)).AsObject();
    }

    // Runs every due run in this process, as a DiracX.Tasks worker would.
    private async Task RunQueueAsync()
    {
        var executor = fixture.App.Services.GetRequiredService<TaskExecutor>();
        while (await executor.RunNextAsync("router-test", Ct) != TaskAttemptOutcome.Idle)
        {
        }
    }

    private async Task<long> CountRunsAsync(string tag)
    {
        await using var connection = await fixture.App.Database!.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM taskdb.task_runs WHERE args->>'tag' = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = tag });
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    [Fact]
    public async Task A_service_administrator_lists_the_task_types_and_a_normal_user_is_refused()
    {
        var allowed = await fixture.Operator.GetAsync("/api/tasks/types", Ct);
        var refused = await fixture.User.GetAsync("/api/tasks/types", Ct);
        var runsRefused = await fixture.User.GetAsync("/api/tasks/runs", Ct);
        var triggerRefused = await fixture.User.PostAsJsonAsync("/api/tasks/runs", new { task_name = "test:Record", args = new { tag = "refused" } }, Ct);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var names = (await JsonAsync(allowed)).AsArray().Select(t => (string?)t!["name"]).ToList();
        Assert.Contains("auth:PruneAuthDb", names);
        Assert.Contains("jobs:StalledJobs", names);
        Assert.Contains("test:Record", names);
        var stalled = (await JsonAsync(await fixture.Operator.GetAsync("/api/tasks/types", Ct))).AsArray().Single(t => (string?)t!["name"] == "jobs:StalledJobs")!;
        Assert.Equal("cron:*/5 * * * *", (string?)stalled["schedule"]);
        Assert.Equal("background", (string?)stalled["priority"]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, runsRefused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, triggerRefused.StatusCode);
        Assert.Equal(0, await CountRunsAsync("refused"));
    }

    [Fact]
    public async Task A_task_triggered_through_the_API_is_listed_pending_then_succeeded_once_a_worker_runs_it()
    {
        var tag = $"api-{Guid.NewGuid():N}";
        var created = await TriggerAsync("test:Record", tag);
        var id = (long)created["run_id"]!;
        Assert.Equal("Pending", (string?)created["state"]);

        var pending = (await JsonAsync(await fixture.Operator.GetAsync("/api/tasks/runs?state=Pending&task_name=test:Record", Ct))).AsArray();
        Assert.Contains(pending, r => (long)r!["run_id"]! == id);
        Assert.False(RecordingTask.Runs.ContainsKey(tag));

        await RunQueueAsync();

        Assert.Equal(1, RecordingTask.Runs[tag]);
        var run = await GetRunAsync(id);
        Assert.Equal("Succeeded", (string?)run["state"]);
        Assert.Equal(1, (int)run["attempt"]!);
        Assert.Equal(tag, (string?)run["args"]!["tag"]);
        var succeeded = (await JsonAsync(await fixture.Operator.GetAsync("/api/tasks/runs?state=succeeded", Ct))).AsArray();
        Assert.Contains(succeeded, r => (long)r!["run_id"]! == id);
    }

    [Fact]
    public async Task A_failed_run_is_in_the_dead_letter_list_and_can_be_retried_but_not_a_succeeded_one()
    {
        var tag = $"broken-{Guid.NewGuid():N}";
        var id = (long)(await TriggerAsync("test:Broken", tag))["run_id"]!;
        await RunQueueAsync();

        var failed = (await JsonAsync(await fixture.Operator.GetAsync("/api/tasks/runs?state=Failed", Ct))).AsArray();
        var dead = Assert.Single(failed, r => (long)r!["run_id"]! == id)!;
        Assert.Contains($"broken {tag}", (string?)dead["error"], StringComparison.Ordinal);

        var retried = await fixture.Operator.PostAsync($"/api/tasks/runs/{id}/retry", null, Ct);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("Pending", (string?)(await JsonAsync(retried))["state"]);
        await RunQueueAsync();
        Assert.Equal("Failed", (string?)(await GetRunAsync(id))["state"]);

        var ok = (long)(await TriggerAsync("test:Record", $"ok-{Guid.NewGuid():N}"))["run_id"]!;
        await RunQueueAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await fixture.Operator.PostAsync($"/api/tasks/runs/{ok}/retry", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Operator.PostAsync("/api/tasks/runs/999999999/retry", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Operator.GetAsync("/api/tasks/runs/999999999", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Operator.GetAsync("/api/tasks/runs?state=Exploded", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_task_is_404_and_enqueues_nothing()
    {
        var response = await fixture.Operator.PostAsJsonAsync("/api/tasks/runs", new { task_name = "test:Nope", args = new { tag = "nope" } }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await CountRunsAsync("nope"));
    }

    [Fact]
    public async Task A_request_that_rolls_back_after_enqueuing_leaves_no_run()
    {
        var tag = $"rollback-{Guid.NewGuid():N}";

        var response = await fixture.User.PostAsync($"/api/enqueuethenfail/{tag}", null, Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(0, await CountRunsAsync(tag));
        await RunQueueAsync();
        Assert.False(RecordingTask.Runs.ContainsKey(tag));
    }

    [Fact]
    public async Task A_schedule_is_paused_and_resumed_and_an_unknown_one_is_404()
    {
        await using (var connection = await fixture.App.Database!.OpenConnectionAsync(Ct))
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO taskdb.task_schedules (key, task_name, vo, schedule, paused, updated_at)
                VALUES ('auth:PruneAuthDb', 'auth:PruneAuthDb', NULL, 'cron:7 * * * *', false, now()) ON CONFLICT DO NOTHING
                """, connection);
            await command.ExecuteNonQueryAsync(Ct);
        }

        var paused = await fixture.Operator.PostAsync("/api/tasks/schedules/auth:PruneAuthDb/pause", null, Ct);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.True((bool)(await JsonAsync(paused))["paused"]!);
        var listed = (await JsonAsync(await fixture.Operator.GetAsync("/api/tasks/schedules", Ct))).AsArray();
        Assert.True((bool)listed.Single(s => (string?)s!["key"] == "auth:PruneAuthDb")!["paused"]!);

        var resumed = await fixture.Operator.PostAsync("/api/tasks/schedules/auth:PruneAuthDb/resume", null, Ct);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.False((bool)(await JsonAsync(resumed))["paused"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Operator.PostAsync("/api/tasks/schedules/nope/pause", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.User.PostAsync("/api/tasks/schedules/auth:PruneAuthDb/pause", null, Ct)).StatusCode);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"tag\"")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"tag\": null}")]
    [InlineData("{\"tag\": \"x\", \"vo\": \"lhcb\"}")]
    public async Task Arguments_the_task_cannot_read_are_a_422_and_no_run_is_stored(string args)
    {
        await using var connection = await fixture.App.Database!.OpenConnectionAsync(Ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM taskdb.task_runs", connection);
        var before = (long)(await count.ExecuteScalarAsync(Ct))!;
        using var response = await fixture.Operator.PostAsync("/api/tasks/runs",
            new StringContent($$"""{"task_name": "test:Record", "args": {{args}}}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode} {body}");
        var problem = JsonNode.Parse(body)!["detail"]![0]!;
        Assert.Equal("""["body","args"]""", problem["loc"]!.ToJsonString());
        Assert.StartsWith("Value error, test:Record ", (string?)problem["msg"], StringComparison.Ordinal);
        Assert.Equal(before, (long)(await count.ExecuteScalarAsync(Ct))!);
    }
}
