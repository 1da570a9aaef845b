using System.Security.Cryptography;
using DiracX.Core.Logging;
using DiracX.Core.Security;
using DiracX.Core.Settings;

namespace DiracX.Routers.Infrastructure.Authentication;

/// <summary>
/// Reloads the token keystore when its file changes, so that every replica picks up a key rotation without a restart:
/// the file is re-read and its content hashed every <c>DiracX:Auth:TokenKeystoreReloadInterval</c> (10 s by default;
/// <c>DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE_RELOAD_INTERVAL</c>), and at once when a watcher on its folder reports an event.
/// Reading by path follows the symbolic links afresh each time, so the swap by which Kubernetes updates a mounted Secret
/// (<c>..data</c> pointing to a new timestamped folder) is seen even though the file's own link never changes. A new
/// content replaces every key (<see cref="TokenKeystore.ReplaceKeys"/>, which raises <see cref="TokenKeystore.Changed"/>
/// for caches to flush); an unreadable or invalid file is logged and the current keys stay.
/// </summary>
public sealed partial class KeystoreWatcher(TokenKeystore keystore, AuthSettings settings, IConfiguration configuration,
    ILogger<KeystoreWatcher> logger) : BackgroundService
{
    /// <summary>The setting of the poll interval (a TimeSpan, e.g. <c>00:00:10</c>).</summary>
    public const string IntervalSetting = "DiracX:Auth:TokenKeystoreReloadInterval";

    private readonly SemaphoreSlim _wake = new(0, 1);
    private byte[]? _hash;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (TokenKeystore.FilePathOf(settings.TokenKeystore) is not { } path)
        {
            return; // inline JSON: nothing to watch
        }
        var interval = configuration.GetValue<TimeSpan?>(IntervalSetting) ?? TimeSpan.FromSeconds(10);
        _hash = HashOf(path);
        using var watcher = TryWatch(path);
        LogWatching(logger, path, interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Check(path);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private void Check(string path)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(logger, path, e.Message);
            return;
        }
        var hash = SHA256.HashData(content);
        if (_hash is not null && hash.AsSpan().SequenceEqual(_hash))
        {
            return;
        }
        try
        {
            keystore.ReplaceKeys(System.Text.Encoding.UTF8.GetString(content));
            _hash = hash;
            LogReloaded(logger, path, string.Join(", ", keystore.KeyIds));
        }
        catch (TokenKeystoreException e)
        {
            // A half-written file is retried at the next event or poll; the hash is not kept so it is read again.
            LogInvalid(logger, path, SecretRedactor.Redact(e.Message));
        }
    }

    private static byte[]? HashOf(string path)
    {
        try
        {
            return SHA256.HashData(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Events on the folder (the file, the ..data link, the timestamped folders) wake the loop; polling remains the
    // guarantee (a watcher can miss events on network or overlay file systems).
    private FileSystemWatcher? TryWatch(string path)
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime };
            FileSystemEventHandler wake = (_, _) => Wake();
            watcher.Changed += wake;
            watcher.Created += wake;
            watcher.Deleted += wake;
            watcher.Renamed += (_, _) => Wake();
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (Exception e) when (e is SemaphoreFullException or ObjectDisposedException)
        {
            // already awake, or stopped
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching the token keystore {Path} (checked every {Interval})")]
    private static partial void LogWatching(ILogger logger, string path, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Token keystore {Path} reloaded: keys {Kids}")]
    private static partial void LogReloaded(ILogger logger, string path, string kids);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token keystore {Path} is not usable; keeping the current keys: {Error}")]
    private static partial void LogInvalid(ILogger logger, string path, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token keystore {Path} cannot be read; keeping the current keys: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string path, string error);
}
