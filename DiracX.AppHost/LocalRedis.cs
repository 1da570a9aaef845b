using Microsoft.Extensions.DependencyInjection;

namespace DiracX.AppHost;

/// <summary>A redis-server run from the machine's binary.</summary>
public sealed class LocalRedisResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The server's TCP endpoint.</summary>
    public EndpointReference Endpoint => new(this, "tcp");

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}

/// <summary>Adds a local Redis (local mode): redis-server when it is installed, else Microsoft Garnet in the AppHost.</summary>
public static class LocalRedis
{
    // Development only: no persistence, loopback only.
    private static readonly string[] s_options = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"];

    /// <summary>Adds the Redis-compatible server <paramref name="name"/>.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddLocalRedis(this IDistributedApplicationBuilder builder, string name)
    {
        var redisServer = LocalBinaries.Find(builder.Configuration["Infra:RedisServer"] ?? "redis-server");
        if (redisServer is null)
        {
            return builder.AddGarnet(name);
        }
        var redis = new LocalRedisResource(name, redisServer, builder.AppHostDirectory);
        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis, async (_, ct) =>
            connectionString = await redis.ConnectionStringExpression.GetValueAsync(ct));
        var check = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(_ => connectionString ?? throw new InvalidOperationException($"{name} has no connection string yet"),
            name: check);
        return builder.AddResource(redis)
            .WithEndpoint(name: "tcp", scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(redis.Endpoint.Property(EndpointProperty.TargetPort));
                foreach (var arg in s_options)
                {
                    context.Args.Add(arg);
                }
            })
            .WithHealthCheck(check);
    }
}
