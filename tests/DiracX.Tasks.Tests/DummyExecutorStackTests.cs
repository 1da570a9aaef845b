using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DiracX.Logic.Tasks;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;
using Microsoft.Extensions.Hosting;

namespace DiracX.Tasks.Tests;

/// <summary>
/// The local stack's dummy job executor, switched on by its setting alone: the real routers (in memory) and a tasks
/// host in this process, with its Quartz clock, on one real database. A job submitted through the API reaches Done
/// without anyone triggering a run. (The only in-process tasks host of this assembly: Quartz keeps its schedulers by
/// name per process.)
/// </summary>
public sealed class DummyExecutorStackTests : IAsyncLifetime
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);
    private DiracXTestApp _routers = null!;
    private IHost _tasks = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _routers = await DiracXTestApp.StartAsync(DiracXModules.BuiltIn,
            new Dictionary<string, string?> { ["DiracX:Services:Sandboxes:Enabled"] = "false" }, cancellationToken: Ct);
        _tasks = TasksHost.CreateBuilder([
            $"--ConnectionStrings:diracx={_routers.Database!.ConnectionString}",
            $"--{DummyJobExecutorMonitorTaskSetting}=true",
            "--DiracX:Services:Sandboxes:Enabled=false",
            "--DiracX:Tasks:NodeName=dummy-stack",
            "--DiracX:Tasks:PollInterval=00:00:00.200",
        ], TaskModules.BuiltIn).Build();
        await _tasks.StartAsync(Ct);
    }

    private const string DummyJobExecutorMonitorTaskSetting = Logic.Jobs.DummyJobExecutorMonitorTask.EnabledSetting;

    public async ValueTask DisposeAsync()
    {
        await _tasks.StopAsync(CancellationToken.None);
        _tasks.Dispose();
        await _routers.DisposeAsync();
    }

    [Fact]
    public async Task With_the_dummy_executor_setting_on_a_submitted_job_reaches_Done_by_itself()
    {
        using var user = _routers.CreateClient(TestIdentity.NormalUser);
        var submitted = await user.PostAsJsonAsync("/api/jobs/jdl", new[] { """Executable = "echo"; JobName = "dummy-executor";""" }, Ct);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync(Ct));
        var jobId = (long)JsonNode.Parse(await submitted.Content.ReadAsStringAsync(Ct))![0]!["JobID"]!;

        var deadline = DateTime.UtcNow + s_deadline;
        var job = await SearchAsync(user, jobId);
        while ((string?)job["Status"] != "Done")
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} is still {job.ToJsonString()}");
            await Task.Delay(250, Ct);
            job = await SearchAsync(user, jobId);
        }

        // It walked Waiting, Matched, Running to Done through the normal status path (its logging info), by the dummy executor.
        var history = job["LoggingInfo"]!.AsArray();
        Assert.Equal(["Received", "Waiting", "Matched", "Running", "Done"], history.Select(h => (string?)h!["Status"]));
        Assert.All(history.Skip(1), h => Assert.Equal("DummyJobExecutor", (string?)h!["Source"]));
    }

    private static async Task<JsonNode> SearchAsync(HttpClient user, long jobId)
    {
        var found = await user.PostAsJsonAsync("/api/jobs/search", new
        {
            parameters = new[] { "JobID", "Status", "LoggingInfo" },
            search = new[] { new { parameter = "JobID", @operator = "eq", value = jobId } },
        }, Ct);
        Assert.True(found.IsSuccessStatusCode, await found.Content.ReadAsStringAsync(Ct));
        return JsonNode.Parse(await found.Content.ReadAsStringAsync(Ct))![0]!;
    }
}
