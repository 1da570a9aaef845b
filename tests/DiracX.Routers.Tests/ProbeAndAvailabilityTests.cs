using System.Net;
using System.Net.Http.Json;
using DiracX.Testing;

namespace DiracX.Routers.Tests;

public class ProbeAndAvailabilityTests(RoutersFixture fixture) : IClassFixture<RoutersFixture>
{
    [Fact]
    public async Task Ready_and_startup_answer_when_every_database_is_reachable_and_migrated()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal("ready", (await fixture.Client.GetFromJsonAsync<Dictionary<string, string>>("/api/health/ready", ct))!["status"]);
        Assert.Equal("startup complete", (await fixture.Client.GetFromJsonAsync<Dictionary<string, string>>("/api/health/startup", ct))!["status"]);
    }

    [Fact]
    public async Task An_unreachable_database_is_503_with_retry_after_on_routes_and_probes()
    {
        var ct = TestContext.Current.CancellationToken;
        var nowhere = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Timeout=2";
        await using var app = await DiracXTestApp.StartAsync(RoutersFixture.Modules, new Dictionary<string, string?>
        {
            ["ConnectionStrings:diracx"] = nowhere,
            ["DiracX:Lollygag:Motto"] = "m",
        }, withDatabase: false, cancellationToken: ct);
        var client = app.CreateClient();

        var route = await client.GetAsync("/api/lollygag/owners", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, route.StatusCode);
        Assert.Equal("10", route.Headers.RetryAfter?.ToString());
        Assert.Equal("""{"detail":"Database unavailable"}""", await route.Content.ReadAsStringAsync(ct));

        var ready = await client.GetAsync("/api/health/ready", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("10", ready.Headers.RetryAfter?.ToString());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health/live", ct)).StatusCode);
    }

    [Fact]
    public async Task A_database_without_the_migrations_is_not_ready()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var empty = await new TestDatabaseTemplate("empty", (_, _) => Task.CompletedTask).CreateDatabaseAsync(ct);
        await using var app = await DiracXTestApp.StartAsync(RoutersFixture.Modules, new Dictionary<string, string?>
        {
            ["ConnectionStrings:diracx"] = empty.ConnectionString,
            ["DiracX:Lollygag:Motto"] = "m",
        }, withDatabase: false, cancellationToken: ct);

        var ready = await app.CreateClient().GetAsync("/api/health/ready", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("pending migrations", await ready.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }
}
