using System.Net;
using DiracX.Core.Modules;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Routers.Infrastructure.Routing;
using DiracX.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DiracX.Routers.Tests;

/// <summary>
/// SIGTERM in a pod: the readiness probe answers 503 at once, the request in flight still finishes, and the host
/// stops only after <c>DiracX:Http:ShutdownDelay</c> (what <c>podman stop</c>/Kubernetes rely on; containers/test-images.sh
/// checks the same image exits 0 on <c>podman stop -t 10</c>).
/// </summary>
public class GracefulShutdownTests
{
    private sealed class GateModule(TaskCompletionSource entered, TaskCompletionSource release) : IDiracXModule
    {
        public string Name => "gate";

        public void Register(DiracXModuleContext context) =>
            context.Map("GET", "/api/gate/wait", async () =>
            {
                entered.TrySetResult();
                await release.Task;
                return Results.Ok(new Dictionary<string, string> { ["status"] = "finished" });
            }, RouteAccess.Open, "Wait for the test", "Blocks until the test releases it.");
    }

    [Fact]
    public async Task After_SIGTERM_ready_answers_503_while_the_request_in_flight_finishes()
    {
        var ct = TestContext.Current.CancellationToken;
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await DiracXTestApp.StartAsync([.. DiracXModules.BuiltIn, new GateModule(entered, release)],
            new Dictionary<string, string?>
            {
                ["DiracX:Http:ShutdownDelay"] = "00:00:03",
                ["DiracX:Services:Sandboxes:Enabled"] = "false",
            }, cancellationToken: ct);
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health/ready", ct)).StatusCode);
        var inFlight = client.GetAsync("/api/gate/wait", ct);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);

        // What SIGTERM does: the console lifetime signals ApplicationStopping, then the host stops.
        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var stopping = app.StopAsync(ct);

        using var ready = await client.GetAsync("/api/health/ready", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("Shutting down", await ready.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/api/health/startup", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health/live", ct)).StatusCode);
        Assert.False(stopping.IsCompleted, "the host stopped before the shutdown delay ended");

        release.SetResult();
        using var finished = await inFlight.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        await stopping.WaitAsync(TimeSpan.FromSeconds(10), ct);
    }
}
