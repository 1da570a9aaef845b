namespace DiracX.Api.Sandboxes;

/// <summary>Progress of a sandbox transfer.</summary>
/// <param name="Name">What is transferred (a file name or the sandbox PFN).</param>
/// <param name="Bytes">Bytes transferred so far.</param>
/// <param name="TotalBytes">The total, when known.</param>
public readonly record struct SandboxTransfer(string Name, long Bytes, long? TotalBytes);

/// <summary>
/// The sandbox operations the job commands need (DiracX's <c>create_sandbox</c> and <c>download_sandbox</c> with the
/// job's sandbox lookup). The sandbox store implements it; <see cref="SandboxesUnavailable"/> stands in where a server
/// or build has none.
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

/// <summary>The sandbox operations could not be run because this build or server has no sandbox store.</summary>
public sealed class SandboxesUnavailableException() : InvalidOperationException(Text)
{
    /// <summary>The message shown to users.</summary>
    public const string Text = "sandboxes are not available on this server yet";
}

/// <summary>The <see cref="ISandboxClient"/> used until a sandbox implementation is bound: every call fails clearly.</summary>
public sealed class SandboxesUnavailable : ISandboxClient
{
    /// <summary>The single instance.</summary>
    public static SandboxesUnavailable Instance { get; } = new();

    /// <inheritdoc />
    public Task<string> CreateAndUploadAsync(IReadOnlyList<string> paths, IProgress<SandboxTransfer>? progress, CancellationToken cancellationToken) =>
        throw new SandboxesUnavailableException();

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> DownloadJobSandboxAsync(long jobId, string sandboxType, string destination,
        IProgress<SandboxTransfer>? progress, CancellationToken cancellationToken) =>
        throw new SandboxesUnavailableException();
}
