namespace DiracX.Routers.Infrastructure.Hosting;

/// <summary>The Redis client, when one is configured.</summary>
public static class OptionalRedis
{
    /// <summary>The connection-string name of the Redis server.</summary>
    public const string ConnectionName = "redis";

    /// <summary>
    /// Registers Aspire's Redis client only when a connection string is configured: Redis is optional (it shares
    /// counters between replicas). The client keeps reconnecting in the background; until it connects, its users
    /// count in this process. Its health stays out of readiness, as the service works without it.
    /// </summary>
    public static void AddOptionalRedis(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionName)))
        {
            return;
        }
        builder.AddRedisClient(ConnectionName, settings => settings.DisableHealthChecks = true, options =>
        {
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
            options.AsyncTimeout = Math.Min(options.AsyncTimeout, 2000);
        });
    }
}
