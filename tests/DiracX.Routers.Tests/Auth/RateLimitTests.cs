using System.Net;
using DiracX.Logic.Auth;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;
using StackExchange.Redis;

namespace DiracX.Routers.Tests.Auth;

/// <summary>User-code guesses are limited per client address, shared by every replica through Redis, per process without it.</summary>
public class RateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly IPAddress s_client = IPAddress.Parse("192.0.2.10");

    private static Task<DiracXTestApp> StartAsync(string? redis, string? trustedProxy = null, string limit = "3")
    {
        var settings = new Dictionary<string, string?>
        {
            ["DiracX:Auth:UserCodeAttemptLimit"] = limit,
            ["DiracX:Auth:UserCodeAttemptWindowSeconds"] = "300",
            ["ConnectionStrings:redis"] = redis,
        };
        if (trustedProxy is not null)
        {
            settings["DiracX:Http:TrustedProxies:0"] = trustedProxy;
        }
        return DiracXTestApp.StartAsync(DiracXModules.BuiltIn, settings, cancellationToken: Ct);
    }

    private static async Task<HttpStatusCode> GuessAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/device?user_code=ZZZZZZZZ");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }

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
        using var a = first.CreateClient(s_client);
        using var b = second.CreateClient(s_client);

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
        using var client = app.CreateClient(s_client);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, await GuessAsync(client));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await GuessAsync(client));
    }

    [Fact]
    public async Task Failures_behind_a_trusted_proxy_count_per_forwarded_address()
    {
        await using var app = await StartAsync(null, trustedProxy: "127.0.0.1", limit: "10");
        using var ingress = app.CreateClient(IPAddress.Loopback);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, await GuessAsync(ingress, "198.51.100.7"));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await GuessAsync(ingress, "198.51.100.7"));
        // Another user behind the same ingress is not locked out.
        Assert.Equal(HttpStatusCode.BadRequest, await GuessAsync(ingress, "198.51.100.8"));
    }

    [Fact]
    public async Task Requests_without_a_known_address_share_a_budget_a_hundred_times_larger()
    {
        await using var app = await StartAsync(null, limit: "2");
        using var unknown = app.CreateClient();
        for (var i = 0; i < 2 * UserCodeAttemptLimiter.UnknownAddressFactor; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, await GuessAsync(unknown));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await GuessAsync(unknown));
        // A client with an address keeps its own budget.
        using var known = app.CreateClient(s_client);
        Assert.Equal(HttpStatusCode.BadRequest, await GuessAsync(known));
    }
}
