using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DiracX.Logic.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace DiracX.Routers.Tests.Tasks;

/// <summary>A run triggered through the API executes in a span of the caller's trace, under the request's span.</summary>
public sealed class TaskTraceTests(TasksFixture fixture) : IClassFixture<TasksFixture>
{
    [Fact]
    public async Task A_run_triggered_with_a_traceparent_executes_in_that_trace_under_the_enqueuing_request_span()
    {
        var ct = TestContext.Current.CancellationToken;
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "DiracX" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var caller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tasks/runs")
        {
            Content = JsonContent.Create(new { task_name = "test:Record", args = new { tag = $"traced-{Guid.NewGuid():N}" } }),
        };
        request.Headers.Add("traceparent", $"00-{caller.TraceId}-{caller.SpanId}-01");

        var response = await fixture.Operator.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (long)JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["run_id"]!;
        var executor = fixture.App.Services.GetRequiredService<TaskExecutor>();
        while (await executor.RunNextAsync("router-test", ct) != TaskAttemptOutcome.Idle)
        {
        }

        // The server's span stops after the response has been sent, so it may reach the listener after the client has
        // read the response: wait for it (bounded) rather than race it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!spans.Any(s => s.Source.Name == "Microsoft.AspNetCore" && s.TraceId == caller.TraceId) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, ct);
        }
        var server = Assert.Single(spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.TraceId == caller.TraceId);
        Assert.Equal(caller.SpanId, server.ParentSpanId);
        var run = Assert.Single(spans, s => s.Source.Name == "DiracX" && Equals(s.GetTagItem("diracx.task.run_id"), id));
        Assert.Equal(caller.TraceId, run.TraceId);
        Assert.Equal(server.SpanId, run.ParentSpanId);
    }
}
