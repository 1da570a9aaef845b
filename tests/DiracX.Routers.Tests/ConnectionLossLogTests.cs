using System.Net;
using DiracX.Testing;
using Npgsql;

namespace DiracX.Routers.Tests;

/// <summary>
/// When the server ends a request's connection (a PostgreSQL restart), the request answers 503 + Retry-After and the
/// log names the server's error once; the rollback that fails on the dead connection is logged as its consequence.
/// </summary>
public class ConnectionLossLogTests(RoutersFixture fixture) : IClassFixture<RoutersFixture>
{
    [Fact]
    public async Task A_terminated_backend_logs_the_servers_error_and_the_rollback_as_its_consequence()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = fixture.Client.GetAsync("/api/lollygag/slow", ct);
        await using (var admin = new NpgsqlConnection(fixture.App.Database!.ConnectionString))
        {
            await admin.OpenAsync(ct);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (true)
            {
                await using var terminate = new NpgsqlCommand(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE '%lollygag-slow%' AND pid <> pg_backend_pid()", admin);
                if ((long)(await terminate.ExecuteScalarAsync(ct))! > 0)
                {
                    break;
                }
                Assert.True(DateTime.UtcNow < deadline, "the slow query never started");
                await Task.Delay(50, ct);
            }
        }

        using var response = await request;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("10", response.Headers.RetryAfter?.ToString());
        var lines = CapturedLogs.Lines.Where(l => l.Contains("/api/lollygag/slow", StringComparison.Ordinal) && !l.Contains("] Path=", StringComparison.Ordinal)).ToList();
        var unavailable = Assert.Single(lines, l => l.Contains("Service unavailable", StringComparison.Ordinal));
        Assert.Contains("57P01", unavailable, StringComparison.Ordinal);
        Assert.DoesNotContain("NpgsqlTransaction", unavailable, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("Unhandled", StringComparison.Ordinal));
        var rollback = Assert.Single(lines, l => l.Contains("Rollback of GET /api/lollygag/slow failed", StringComparison.Ordinal));
        Assert.Contains("as a consequence of the request's failure: 57P01", rollback, StringComparison.Ordinal);
    }
}
