using StackExchange.Redis;

namespace DiracX.Testing.Tests;

public class RedisServerTests
{
    [Fact]
    public async Task The_shared_server_stores_and_returns_values_and_runs_scripts()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await RedisServer.GetSharedAsync(ct);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var db = redis.GetDatabase();
        var key = $"fixture-test:{Guid.NewGuid()}";

        await db.StringSetAsync(key, "hello");
        Assert.Equal("hello", (string?)await db.StringGetAsync(key));
        Assert.Equal(2L, (long)await db.ScriptEvaluateAsync("return redis.call('INCRBY', KEYS[1], 2)", [(RedisKey)(key + ":n")]));
    }
}
