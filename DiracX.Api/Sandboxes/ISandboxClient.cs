namespace DiracX.Api.Sandboxes;

/// <summary>Progress of a sandbox transfer.</summary>
/// <param name="Name">What is transferred (a file name or the sandbox PFN).</param>
/// <param name="Bytes">Bytes transferred so far.</param>
/// <param name="TotalBytes">The total, when known.</param>
public readonly record struct SandboxTransfer(string Name, long Bytes, long? TotalBytes);

/// <summary>
/// The sandbox operations the job commands need (DiracX's <c>create_sandbox</c> and <c>download_sandbox</c> with the
/// job's sandbox lookup). <see cref="StoreSandboxClient"/> implements it on a DiracX server's sandbox store; tests and
/// embedders may bind their own.
/// </summary>
public interface ISandboxClient
{
    /// <summary>Packs <paramref name="paths"/> into one sandbox, uploads it, and returns its PFN (<c>SB:...|/S3/...</c>).</summary>
    Task<string> CreateAndUploadAsync(IReadOnlyList<string> paths, IProgress<SandboxTransfer>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Downloads the sandboxes of type <paramref name="sandboxType"/> (<c>Output</c> or <c>Input</c>) of
    /// <paramref name="jobId"/> and extracts them into <paramref name="destination"/>.
    /// </summary>
    /// <returns>The files written.</returns>
    Task<IReadOnlyList<string>> DownloadJobSandboxAsync(long jobId, string sandboxType, string destination,
        IProgress<SandboxTransfer>? progress, CancellationToken cancellationToken);
}
