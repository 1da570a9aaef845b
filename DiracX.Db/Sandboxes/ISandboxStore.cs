namespace DiracX.Db.Sandboxes;

/// <summary>A presigned S3 POST: the URL and the form fields to send before the <c>file</c> field.</summary>
/// <param name="Url">The bucket's URL at the endpoint clients reach.</param>
/// <param name="Fields">The form fields, in order.</param>
public sealed record PresignedUpload(string Url, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// The object store behind the sandboxes (S3). The logic reaches it only through this interface; its implementation
/// (<see cref="S3SandboxStore"/>) lives here with the other storage clients.
/// </summary>
public interface ISandboxStore
{
    /// <summary>The bucket.</summary>
    string BucketName { get; }

    /// <summary>Whether the object exists with exactly <paramref name="size"/> bytes (one HEAD).</summary>
    Task<bool> ExistsAsync(string key, long size, CancellationToken cancellationToken);

    /// <summary>A presigned POST whose policy pins the key, the exact size and the checksum.</summary>
    PresignedUpload PresignUpload(string key, string checksumAlgorithm, string checksumHex, long size);

    /// <summary>A presigned GET of the object.</summary>
    string PresignDownload(string key);

    /// <summary>Deletes the objects in bulk requests, with retries; returns the keys that could not be deleted.</summary>
    Task<IReadOnlyCollection<string>> DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>Checks that the bucket exists, creating it when allowed; throws a one-line message otherwise.</summary>
    Task EnsureBucketAsync(CancellationToken cancellationToken);
}
