using System.Data.Common;
using System.Text.Json;
using DiracX.Core.Models;
using DiracX.Db.ResourceStatus;
using DiracX.Logic.ResourceStatus;
using Microsoft.Extensions.Options;

namespace DiracX.Routers.ResourceStatus;

/// <summary>Where the routers find statuses to apply when the status tables are empty (the local stack's seed).</summary>
public sealed class ResourceStatusSeedSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DiracX:ResourceStatus";

    /// <summary>
    /// A JSON file holding an array of status entries (the body of <c>PATCH /api/rss/statuses</c>). Applied at start-up
    /// only when no status exists yet, so an operator's later changes are never overwritten; unset in deployments.
    /// </summary>
    public string? SeedFile { get; set; }
}

/// <summary>
/// Applies <see cref="ResourceStatusSeedSettings.SeedFile"/> at start-up, through the same validation and logging as the
/// admin route. A file that cannot be read or holds an invalid entry stops start-up (it is configuration); a database
/// that is not reachable yet only skips the seed, since readiness reports the database anyway.
/// </summary>
public sealed partial class ResourceStatusSeed(IOptions<ResourceStatusSeedSettings> settings, IServiceScopeFactory scopes, TimeProvider time,
    ILogger<ResourceStatusSeed> log) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Value.SeedFile is not { Length: > 0 } path)
        {
            return;
        }
        ResourceStatusEntry[] entries;
        try
        {
            await using var file = File.OpenRead(path);
            entries = await JsonSerializer.DeserializeAsync<ResourceStatusEntry[]>(file, cancellationToken: cancellationToken) ?? [];
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"DiracX:ResourceStatus:SeedFile: {path} is not a readable JSON array of statuses ({e.Message})", e);
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ResourceStatusDb>();
        try
        {
            if (await db.AnyAsync(cancellationToken))
            {
                return;
            }
            await ResourceStatusAdministration.SetStatusesAsync(entries, db, scope.ServiceProvider.GetRequiredService<IResourceStatusSnapshotStore>(),
                time, cancellationToken);
            LogSeeded(log, entries.Length, path);
        }
        catch (Core.Errors.DiracException e)
        {
            throw new InvalidOperationException($"DiracX:ResourceStatus:SeedFile: {path}: {e.Message}", e);
        }
        catch (Exception e) when (e is DbException or TimeoutException or System.Net.Sockets.SocketException)
        {
            LogSkipped(log, path, e.Message);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Resource statuses seeded: {Count} entries from {Path}")]
    private static partial void LogSeeded(ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resource status seed {Path} skipped: the database is not reachable ({Reason})")]
    private static partial void LogSkipped(ILogger logger, string path, string reason);
}
