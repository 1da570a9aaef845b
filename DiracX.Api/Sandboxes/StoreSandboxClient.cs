using DiracX.Client;

namespace DiracX.Api.Sandboxes;

/// <summary>
/// The sandbox operations on a DiracX server's sandbox store: the archive is built and uploaded with the presigned POST
/// the server hands out, and downloads use the presigned GETs, so file bytes never pass through the API and the bearer
/// token never reaches the store.
/// </summary>
public sealed class StoreSandboxClient(DiracXClient client, SandboxCreateOptions? options = null) : ISandboxClient
{
    // The store is another host: no DiracX token, no DiracX version header. One handler for the process, recycled so
    // that a store behind a DNS name that moves is followed.
    private static readonly HttpClient s_storage = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <inheritdoc />
    public async Task<string> CreateAndUploadAsync(IReadOnlyList<string> paths, IProgress<SandboxTransfer>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var name = paths.Count == 1 ? Path.GetFileName(paths[0]) : $"{paths.Count} files";
        using var file = await SandboxArchive.CreateAsync(paths, options, cancellationToken);
        return await SandboxApi.UploadAsync(client, s_storage, file,
            progress is null ? null : sent => progress.Report(new SandboxTransfer(name, sent, file.Size)), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> DownloadJobSandboxAsync(long jobId, string sandboxType, string destination,
        IProgress<SandboxTransfer>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sandboxType);
        var pfns = await client.Jobs.GetJobSandboxAsync(jobId, sandboxType.ToLowerInvariant(), cancellationToken);
        Directory.CreateDirectory(destination);
        var written = new List<string>();
        var done = 0;
        foreach (var pfn in pfns.Where(p => !string.IsNullOrEmpty(p)))
        {
            var extracted = await SandboxApi.DownloadSandboxAsync(client, s_storage, pfn, destination, cancellationToken);
            written.AddRange(extracted.Where(path => !Directory.Exists(path)));
            progress?.Report(new SandboxTransfer(pfn, ++done, pfns.Count));
        }
        return [.. written.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
