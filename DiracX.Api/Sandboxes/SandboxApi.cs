using System.Net.Http.Headers;
using DiracX.Client;
using DiracX.Client.Generated;

namespace DiracX.Api.Sandboxes;

/// <summary>DiracX's <c>create_sandbox</c> and <c>download_sandbox</c>, and the submission of JDLs with local input files.</summary>
public static class SandboxApi
{
    /// <summary>
    /// Creates a sandbox from files and folders and uploads it (unless the service already holds it); returns its PFN
    /// (<c>SB:&lt;SE&gt;|/S3/...</c>). <paramref name="storage"/> talks to the store (no DiracX token on it).
    /// </summary>
    public static async Task<string> CreateSandboxAsync(DiracXClient client, HttpClient storage, IEnumerable<string> paths,
        SandboxCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var file = await SandboxArchive.CreateAsync(paths, options, cancellationToken);
        return await UploadAsync(client, storage, file, options?.Progress, cancellationToken);
    }

    /// <summary>Registers and, when the service asks for it, uploads a sandbox file with the presigned POST; returns its PFN.</summary>
    /// <exception cref="SandboxStoreException">The store could not be reached or refused the upload.</exception>
    public static async Task<string> UploadAsync(DiracXClient client, HttpClient storage, SandboxFile file, Action<long>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(file);
        var response = await client.Jobs.InitiateSandboxUploadAsync(new SandboxInfo
        {
            Checksum_algorithm = "sha256",
            Checksum = file.Sha256,
            Size = file.Size,
            Format = "tar.zst",
        }, cancellationToken);
        if (string.IsNullOrEmpty(response.Url))
        {
            return response.Pfn;
        }
        using var form = BuildUploadForm(response.Fields ?? new Dictionary<string, string>(), file, progress);
        using var upload = await SandboxStoreException.OnStoreAsync(() => storage.PostAsync(response.Url, form, cancellationToken), "upload");
        return response.Pfn;
    }

    /// <summary>The multipart form of a presigned POST: every field in order, then the file as the last field, streamed from disk.</summary>
    public static MultipartFormDataContent BuildUploadForm(IDictionary<string, string> fields, SandboxFile file, Action<long>? progress)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(file);
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var content = new StreamContent(new HashingStream(stream, leaveOpen: false, progress), 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = file.Size;
        form.Add(content, "file", System.IO.Path.GetFileName(file.Path));
        return form;
    }

    /// <summary>
    /// Downloads the sandbox and extracts it into <paramref name="destination"/>, verifying the PFN's SHA-256 while
    /// streaming: on a mismatch (or a refused entry) what was extracted is removed and an <see cref="InvalidDataException"/> thrown.
    /// </summary>
    /// <returns>The files and folders extracted, in extraction order.</returns>
    /// <exception cref="SandboxStoreException">The store could not be reached or refused the download.</exception>
    public static async Task<IReadOnlyList<string>> DownloadSandboxAsync(DiracXClient client, HttpClient storage, string pfn, string destination,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(pfn);
        var expected = ExpectedSha256(pfn);
        var download = await client.Jobs.GetSandboxFileAsync(pfn, cancellationToken);
        using var response = await SandboxStoreException.OnStoreAsync(
            () => storage.GetAsync(download.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken), "download");
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await ExtractVerifiedAsync(body, expected, destination, cancellationToken);
    }

    /// <summary>Extracts <paramref name="archive"/> while hashing it; removes what was extracted when the hash is not <paramref name="expectedSha256"/>.</summary>
    /// <returns>The files and folders extracted, in extraction order.</returns>
    public static async Task<IReadOnlyList<string>> ExtractVerifiedAsync(Stream archive, string? expectedSha256, string destination,
        CancellationToken cancellationToken)
    {
        var created = new List<string>();
        await using var hashing = new HashingStream(archive, leaveOpen: true);
        try
        {
            await SandboxArchive.ExtractAsync(hashing, destination, created, cancellationToken);
            if (expectedSha256 is not null && !string.Equals(hashing.HexDigest(), expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"The sandbox's checksum is {hashing.HexDigest()}, not {expectedSha256}: the download is corrupted");
            }
        }
        catch
        {
            foreach (var path in Enumerable.Reverse(created))
            {
                try
                {
                    if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
                    {
                        Directory.Delete(path, recursive: true);
                    }
                    else
                    {
                        File.Delete(path);
                    }
                }
                catch (IOException)
                {
                }
            }
            throw;
        }
        return created;
    }

    /// <summary>The SHA-256 named in a PFN (<c>.../sha256:&lt;hex&gt;.&lt;format&gt;</c>), or null.</summary>
    public static string? ExpectedSha256(string pfn)
    {
        ArgumentNullException.ThrowIfNull(pfn);
        var name = pfn[(pfn.LastIndexOf('/') + 1)..];
        return name.StartsWith("sha256:", StringComparison.Ordinal) && name.Length >= 7 + 64 ? name[7..(7 + 64)] : null;
    }
}
