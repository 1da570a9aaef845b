using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DiracX.Db.Counters;

/// <summary>Registers the <see cref="IAttemptCounterStore"/>.</summary>
public static class AttemptCounterServiceCollectionExtensions
{
    /// <summary>
    /// The Redis store when the host registered an <see cref="IConnectionMultiplexer"/> (a Redis connection string is
    /// configured), the in-process store otherwise. An extension registered earlier wins.
    /// </summary>
    public static IServiceCollection AddAttemptCounterStore(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new InProcessAttemptCounterStore(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton<IAttemptCounterStore>(sp => sp.GetService<IConnectionMultiplexer>() is { } redis
            ? new RedisAttemptCounterStore(redis, sp.GetRequiredService<InProcessAttemptCounterStore>(),
                sp.GetRequiredService<ILogger<RedisAttemptCounterStore>>())
            : sp.GetRequiredService<InProcessAttemptCounterStore>());
        return services;
    }
}
