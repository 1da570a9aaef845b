using System.Net;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;
using StackExchange.Redis;

namespace DiracX.Routers.Tests.Auth;

/// <summary>User-code guesses are limited per client address, shared by every replica through Redis, per process without it.</summary>
public class RateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<DiracXTestApp> StartAsync(string? redis) => DiracXTestApp.StartAsync(DiracXModules.BuiltIn, new Dictionary<string, string?>
    {
        ["DiracX:Auth:UserCodeAttemptLimit"] = "3",
        ["DiracX:Auth:UserCodeAttemptWindowSeconds"] = "300",
        ["ConnectionStrings:redis"] = redis,
    }, cancellationToken: Ct);

    private static async Task<HttpStatusCode> GuessAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/auth/device?user_code=ZZZZZZZZ", Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task Replicas_sharing_redis_share_the_count_of_failed_guesses()
    {
        var redis = await RedisServer.GetSharedAsync(Ct);
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            foreach (var key in connection.GetServers()[0].Keys(pattern: "diracx:auth:user-code-failures:*"))
            {
                await connection.GetDatabase().KeyDeleteAsync(key);
            }
        }
        await using var first = await StartAsync(redis.ConnectionString);
        await using var second = await StartAsync(redis.ConnectionString);
        using var a = first.CreateClient();
        using var b = second.CreateClient();

        Assert.Equal(HttpStatusCode.BadRequest, await GuessAsync(a));
        Assert.Equal(HttpStatusCode.BadRequest, await GuessAsync(b));
        Assert.Equal(HttpStatusCode.BadRequest, await GuessAsync(a));
        using var blocked = await b.GetAsync("/api/auth/device?user_code=ZZZZZZZZ", Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.NotNull(blocked.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, await GuessAsync(a));
    }

    [Fact]
    public async Task Without_a_reachable_redis_each_process_limits_on_its_own()
    {
        // Nothing listens on port 1: Redis is configured but down.
        await using var app = await StartAsync("127.0.0.1:1");
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, await GuessAsync(client));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await GuessAsync(client));
    }
}
