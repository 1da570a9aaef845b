using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DiracX.Db.ResourceStatus;

/// <summary>
/// The database of DiracX's RSS system: ResourceStatusDB, its service <see cref="ResourceStatusDb"/> and the snapshot
/// store that every replica shares (through Redis when configured, see <see cref="RedisResourceStatusSnapshotStore"/>).
/// </summary>
public sealed class ResourceStatusDbModule : IDiracXModule
{
    /// <inheritdoc />
    public string Name => "rss";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Registry<DatabaseRegistry>()
            .AddContext<ResourceStatusDbContext>(DbNames.ResourceStatusDb)
            .AddService<ResourceStatusDb>();
        context.Services.TryAddSingleton(sp => new InProcessResourceStatusSnapshotStore(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        context.Services.TryAddSingleton<IResourceStatusSnapshotStore>(sp => sp.GetService<IConnectionMultiplexer>() is { } redis
            ? new RedisResourceStatusSnapshotStore(redis, sp.GetRequiredService<InProcessResourceStatusSnapshotStore>(),
                sp.GetRequiredService<ILogger<RedisResourceStatusSnapshotStore>>())
            : sp.GetRequiredService<InProcessResourceStatusSnapshotStore>());
    }
}
