using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DiracX.Logic.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace DiracX.Routers.Tests.Tasks;

/// <summary>Task triggers and retries by many clients at once.</summary>
public sealed class TaskConcurrencyTests(TasksFixture fixture) : IClassFixture<TasksFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sixteen_triggers_at_once_create_sixteen_runs_and_eight_retries_of_one_failed_run_retry_it_once()
    {
        var tag = $"race-{Guid.NewGuid():N}";
        var triggers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            fixture.Operator.PostAsJsonAsync("/api/tasks/runs", new { task_name = "test:Broken", args = new { tag } }, Ct)));
        Assert.All(triggers, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = new HashSet<long>();
        foreach (var trigger in triggers)
        {
            ids.Add((long)JsonNode.Parse(await trigger.Content.ReadAsStringAsync(Ct))!["run_id"]!);
        }
        Assert.Equal(16, ids.Count);

        var executor = fixture.App.Services.GetRequiredService<TaskExecutor>();
        while (await executor.RunNextAsync("race-test", Ct) != TaskAttemptOutcome.Idle)
        {
        }
        var retries = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fixture.Operator.PostAsync($"/api/tasks/runs/{ids.First()}/retry", null, Ct)));

        var codes = retries.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, codes.Count(c => c == HttpStatusCode.OK));
        Assert.Equal(7, codes.Count(c => c == HttpStatusCode.Conflict));
    }
}
