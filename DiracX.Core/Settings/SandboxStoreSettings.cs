namespace DiracX.Core.Settings;

/// <summary>
/// Settings of the sandbox store (DiracX's <c>SandboxStoreSettings</c>), configuration section <c>DiracX:SandboxStore</c>,
/// environment variables <c>DIRACX_SANDBOX_STORE_&lt;UPPER_SNAKE_NAME&gt;</c>.
/// </summary>
public sealed class SandboxStoreSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DiracX:SandboxStore";

    /// <summary>The largest sandbox accepted, in bytes (DiracX's <c>MAX_SANDBOX_SIZE_BYTES</c>, 100 MiB).</summary>
    public const long MaxSandboxSizeBytes = 100 * 1024 * 1024;

    /// <summary>The bucket holding the sandboxes. <c>DIRACX_SANDBOX_STORE_BUCKET_NAME</c>; required.</summary>
    public string BucketName { get; set; } = "";

    /// <summary>
    /// The S3 client's settings, as botocore's keyword arguments: <c>endpoint_url</c>, <c>aws_access_key_id</c>,
    /// <c>aws_secret_access_key</c>, optionally <c>region_name</c>. <c>DIRACX_SANDBOX_STORE_S3_CLIENT_KWARGS</c> (JSON); required.
    /// </summary>
    public Dictionary<string, string> S3ClientKwargs { get; set; } = [];

    /// <summary>
    /// The S3 endpoint that clients reach, used in presigned URLs when the service talks to the store through another
    /// one (a cluster-internal address). <c>DIRACX_SANDBOX_STORE_PUBLIC_ENDPOINT_URL</c>; default: <c>endpoint_url</c>.
    /// </summary>
    public string? PublicEndpointUrl { get; set; }

    /// <summary>Create the bucket at start-up when it is missing. <c>DIRACX_SANDBOX_STORE_AUTO_CREATE_BUCKET</c>; default false.</summary>
    public bool AutoCreateBucket { get; set; }

    /// <summary>Lifetime of presigned URLs in seconds. <c>DIRACX_SANDBOX_STORE_URL_VALIDITY_SECONDS</c>; default 300.</summary>
    public int UrlValiditySeconds { get; set; } = 300;

    /// <summary>The storage element name in PFNs (<c>SB:&lt;SE&gt;|...</c>). <c>DIRACX_SANDBOX_STORE_SE_NAME</c>; default SandboxSE.</summary>
    public string SeName { get; set; } = "SandboxSE";

    /// <summary>Most concurrent connections to S3. <c>DIRACX_SANDBOX_STORE_S3_MAX_POOL_CONNECTIONS</c>; default 50.</summary>
    public int S3MaxPoolConnections { get; set; } = 50;

    /// <summary>Sandboxes selected per clean-up batch. <c>DIRACX_SANDBOX_STORE_CLEAN_BATCH_SIZE</c>; default 50 000.</summary>
    public int CleanBatchSize { get; set; } = 50_000;

    /// <summary>Sandboxes per S3 bulk delete and per database delete. <c>DIRACX_SANDBOX_STORE_CLEAN_DELETE_CHUNK_SIZE</c>; default 1000 (S3's maximum).</summary>
    public int CleanDeleteChunkSize { get; set; } = 1000;

    /// <summary>Concurrent delete chunks. <c>DIRACX_SANDBOX_STORE_CLEAN_MAX_CONCURRENT_DB_DELETES</c>; default 10.</summary>
    public int CleanMaxConcurrentDbDeletes { get; set; } = 10;

    /// <summary>The S3 endpoint the service talks to (<c>endpoint_url</c>), or null for AWS.</summary>
    public string? EndpointUrl => S3ClientKwargs.GetValueOrDefault("endpoint_url");

    /// <summary>The signing region (<c>region_name</c>), us-east-1 by default.</summary>
    public string Region => S3ClientKwargs.GetValueOrDefault("region_name") is { Length: > 0 } r ? r : "us-east-1";

    /// <summary>The problems of these settings, each naming its environment variable; empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(BucketName))
        {
            yield return "DIRACX_SANDBOX_STORE_BUCKET_NAME is required";
        }
        if (string.IsNullOrWhiteSpace(S3ClientKwargs.GetValueOrDefault("aws_access_key_id"))
            || string.IsNullOrWhiteSpace(S3ClientKwargs.GetValueOrDefault("aws_secret_access_key")))
        {
            yield return "DIRACX_SANDBOX_STORE_S3_CLIENT_KWARGS needs aws_access_key_id and aws_secret_access_key";
        }
        foreach (var (name, url) in new[] { ("DIRACX_SANDBOX_STORE_S3_CLIENT_KWARGS endpoint_url", EndpointUrl), ("DIRACX_SANDBOX_STORE_PUBLIC_ENDPOINT_URL", PublicEndpointUrl) })
        {
            if (!string.IsNullOrEmpty(url) && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            {
                yield return $"{name} must be an http(s) URL";
            }
        }
        if (UrlValiditySeconds is < 1 or > 7 * 24 * 3600)
        {
            yield return "DIRACX_SANDBOX_STORE_URL_VALIDITY_SECONDS must be between 1 and 604800";
        }
        if (string.IsNullOrWhiteSpace(SeName) || !SeName.All(char.IsAsciiLetter))
        {
            yield return "DIRACX_SANDBOX_STORE_SE_NAME must be letters only";
        }
        if (S3MaxPoolConnections < 1 || CleanBatchSize < 1 || CleanDeleteChunkSize is < 1 or > 1000 || CleanMaxConcurrentDbDeletes < 1)
        {
            yield return "DIRACX_SANDBOX_STORE_S3_MAX_POOL_CONNECTIONS, _CLEAN_BATCH_SIZE, _CLEAN_MAX_CONCURRENT_DB_DELETES must be positive and _CLEAN_DELETE_CHUNK_SIZE between 1 and 1000";
        }
    }
}
