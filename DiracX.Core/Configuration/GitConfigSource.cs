using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DiracX.Core.Configuration;

/// <summary>
/// Reads <c>default.yml</c> at the configured revision of a git repository with the git CLI. A <c>git+file</c>
/// repository is read in place (it must be on a volume every server sees); a <c>git+https</c> one is mirrored into a
/// cache folder on first use and fetched on every read. A commit is parsed once: the last valid and the last invalid
/// revision are remembered.
/// </summary>
/// <remarks>Calls must not overlap; <see cref="ConfigProvider"/> serialises them.</remarks>
public sealed class GitConfigSource : IConfigSource
{
    /// <summary>The file read from the repository.</summary>
    public const string ConfigFileName = "default.yml";

    private readonly ConfigSchema _schema;
    private readonly string _cacheRoot;
    private ConfigSnapshot? _lastValid;
    private (string Revision, ConfigValidationException Error)? _lastInvalid;

    /// <summary>Creates a source.</summary>
    /// <param name="url">Where the repository is.</param>
    /// <param name="schema">The schema (with extension fields and properties) to validate against.</param>
    /// <param name="cacheDirectory">Where remote repositories are mirrored; defaults to a folder under the temp path.</param>
    public GitConfigSource(ConfigSourceUrl url, ConfigSchema schema, string? cacheDirectory = null)
    {
        Url = url;
        _schema = schema;
        _cacheRoot = cacheDirectory ?? Path.Combine(Path.GetTempPath(), "diracx-config-cache");
    }

    /// <summary>Creates a source from a <c>DIRACX_CONFIG_BACKEND_URL</c> value.</summary>
    public static GitConfigSource Create(string backendUrl, ConfigSchema schema, string? cacheDirectory = null) =>
        new(ConfigSourceUrl.Parse(backendUrl), schema, cacheDirectory);

    /// <summary>The repository and revision this source reads.</summary>
    public ConfigSourceUrl Url { get; }

    /// <inheritdoc />
    public async Task<ConfigSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var repository = await PrepareAsync(cancellationToken);
        var revision = (await GitCli.RunAsync(repository, ["rev-parse", "--verify", "--quiet", Url.Revision + "^{commit}"],
            cancellationToken)).Trim();
        if (_lastValid is { } valid && valid.Revision == revision)
        {
            return valid;
        }
        if (_lastInvalid is { } invalid && invalid.Revision == revision)
        {
            throw invalid.Error;
        }
        var time = await GitCli.RunAsync(repository, ["log", "-1", "--format=%ct", revision], cancellationToken);
        var modified = DateTimeOffset.FromUnixTimeSeconds(long.Parse(time.Trim(), CultureInfo.InvariantCulture));
        var yaml = await GitCli.RunAsync(repository, ["show", $"{revision}:{ConfigFileName}"], cancellationToken);
        try
        {
            _lastValid = new ConfigSnapshot(ConfigParser.Parse(yaml, _schema), revision, modified);
            return _lastValid;
        }
        catch (ConfigValidationException e)
        {
            _lastInvalid = (revision, e);
            throw;
        }
    }

    /// <summary>The folder to run git in: the local repository, or an up-to-date mirror of the remote one.</summary>
    private async Task<string> PrepareAsync(CancellationToken cancellationToken)
    {
        if (Url.IsLocal)
        {
            if (!Directory.Exists(Url.Location))
            {
                throw new ConfigSourceException($"{Url.Location} does not exist");
            }
            return Url.Location;
        }
        var mirror = Path.Combine(_cacheRoot, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Url.Location)))[..16]);
        if (Directory.Exists(mirror))
        {
            await GitCli.RunAsync(mirror, ["fetch", "--prune", "--quiet"], cancellationToken);
            return mirror;
        }
        Directory.CreateDirectory(_cacheRoot);
        // Clone next to the final folder and rename, so an interrupted clone is never mistaken for a mirror.
        var partial = $"{mirror}.{Guid.NewGuid():N}.partial";
        try
        {
            await GitCli.RunAsync(_cacheRoot, ["clone", "--mirror", "--quiet", Url.Location, partial], cancellationToken);
            Directory.Move(partial, mirror);
        }
        finally
        {
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }
        }
        return mirror;
    }
}
