using System.Security.Cryptography;
using DiracX.Core.Security;

namespace DiracX.AppHost;

/// <summary>
/// The development stack's persistent files (default <c>.diracx-local/</c> at the repository root, gitignored;
/// <c>DiracX:LocalDataDir</c> to move it): the token signing keystore, the Fernet state key, a legacy-exchange API key,
/// the config repository and the local PostgreSQL cluster and S3 data. Created on the first run, reused afterwards.
/// </summary>
public sealed class LocalDataFolder
{
    private LocalDataFolder(string root) => Root = root;

    /// <summary>The folder.</summary>
    public string Root { get; }

    /// <summary>The JWKS keystore (one Ed25519 signing key, written by DiracX's key rotation).</summary>
    public string KeystorePath => Path.Combine(Root, "keys", "jwks.json");

    /// <summary>The config repository (a git repository with <c>default.yml</c>).</summary>
    public string ConfigRepository => Path.Combine(Root, "cs_store");

    /// <summary>The Fernet key that encrypts DiracX's IdP <c>state</c> (32 random bytes, urlsafe base64).</summary>
    public string StateKey { get; private set; } = "";

    /// <summary>The legacy-exchange API key (for DIRAC's legacy token exchange) and its SHA-256 hex hash.</summary>
    public (string ApiKey, string HashedApiKey) LegacyExchange { get; private set; }

    /// <summary>The resource statuses the routers apply while the status tables are empty (edit it before the first run).</summary>
    public string ResourceStatusSeed => Path.Combine(Root, "resource-status.json");

    /// <summary>Creates what is missing: keystore, state key, legacy key, the resource status seed.</summary>
    public static async Task<LocalDataFolder> PrepareAsync(string root, CancellationToken cancellationToken)
    {
        var folder = new LocalDataFolder(Path.GetFullPath(root));
        Directory.CreateDirectory(Path.GetDirectoryName(folder.KeystorePath)!);
        if (!File.Exists(folder.KeystorePath))
        {
            await JwksMaintenance.RotateFileAsync(folder.KeystorePath, TimeProvider.System, cancellationToken);
        }
        folder.StateKey = await ReadOrCreateAsync(Path.Combine(Root(folder), "state-key"),
            () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_'), cancellationToken);
        var apiKey = await ReadOrCreateAsync(Path.Combine(Root(folder), "legacy-exchange-api-key"),
            () => "diracx:legacy:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('='),
            cancellationToken);
        folder.LegacyExchange = (apiKey, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(apiKey))));
        await ReadOrCreateAsync(folder.ResourceStatusSeed, () => SeedStatuses, cancellationToken);
        return folder;

        static string Root(LocalDataFolder f) => Path.GetDirectoryName(f.KeystorePath)!;
    }

    // A site of the local VO with a computing element, a storage element (one access banned, so that the overlay and the
    // warnings show) and an FTS server: enough for every GET /api/rss/... route to answer something.
    private const string SeedStatuses = """
        [
          {"name": "LCG.CERN.cern", "element_type": "Site", "status": "Active", "reason": "local stack seed"},
          {"name": "ce.cern.ch", "element_type": "ComputeElement", "status": "Active", "reason": "local stack seed"},
          {"name": "CERN-DISK", "element_type": "StorageElement", "status_type": "ReadAccess", "status": "Active", "reason": "local stack seed"},
          {"name": "CERN-DISK", "element_type": "StorageElement", "status_type": "WriteAccess", "status": "Degraded", "reason": "local stack seed"},
          {"name": "CERN-DISK", "element_type": "StorageElement", "status_type": "CheckAccess", "status": "Active", "reason": "local stack seed"},
          {"name": "CERN-DISK", "element_type": "StorageElement", "status_type": "RemoveAccess", "status": "Banned", "reason": "local stack seed"},
          {"name": "https://fts.cern.ch:8446", "element_type": "FTS", "status": "Active", "reason": "local stack seed"}
        ]
        """;

    private static async Task<string> ReadOrCreateAsync(string path, Func<string> create, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            return (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        }
        var value = create();
        await JwksMaintenance.WriteFileAtomicallyAsync(path, value, cancellationToken);
        return value;
    }
}
