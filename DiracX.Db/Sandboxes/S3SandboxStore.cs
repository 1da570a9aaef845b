using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DiracX.Core.Settings;
using Microsoft.Extensions.Logging;

namespace DiracX.Db.Sandboxes;

/// <summary>
/// The sandbox store on S3 (AWSSDK.S3) from <see cref="SandboxStoreSettings"/>: path-style requests, checksums only
/// where S3 requires them and no aws-chunked bodies (dependencies.md 6: otherwise S3-compatible servers may store a
/// corrupted object without an error). Presigned URLs are made for the endpoint clients reach
/// (<see cref="SandboxStoreSettings.PublicEndpointUrl"/>).
/// </summary>
public sealed class S3SandboxStore : ISandboxStore, IDisposable
{
    private readonly SandboxStoreSettings _settings;
    private readonly AmazonS3Client _client;
    private readonly AmazonS3Client _presigner;
    private readonly TimeProvider _time;
    private readonly ILogger<S3SandboxStore> _log;

    /// <summary>The pause before the first retry of a bulk delete (doubled at each attempt).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts of each bulk delete (DiracX: 5).</summary>
    public int DeleteAttempts { get; init; } = 5;

    /// <summary>Creates the clients.</summary>
    public S3SandboxStore(SandboxStoreSettings settings, TimeProvider time, ILogger<S3SandboxStore> log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _time = time;
        _log = log;
        _client = Create(settings, settings.EndpointUrl);
        _presigner = Create(settings, string.IsNullOrEmpty(settings.PublicEndpointUrl) ? settings.EndpointUrl : settings.PublicEndpointUrl);
    }

    /// <inheritdoc />
    public string BucketName => _settings.BucketName;

    private static AmazonS3Client Create(SandboxStoreSettings settings, string? endpoint)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxConnectionsPerServer = settings.S3MaxPoolConnections,
            AuthenticationRegion = settings.Region,
        };
        if (string.IsNullOrEmpty(endpoint))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(settings.Region);
        }
        else
        {
            config.ServiceURL = endpoint;
            config.UseHttp = endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        }
        var credentials = new BasicAWSCredentials(settings.S3ClientKwargs["aws_access_key_id"], settings.S3ClientKwargs["aws_secret_access_key"]);
        return new AmazonS3Client(credentials, config);
    }

    private string PublicBase => (string.IsNullOrEmpty(_settings.PublicEndpointUrl) ? _settings.EndpointUrl : _settings.PublicEndpointUrl)
        ?? $"https://s3.{_settings.Region}.amazonaws.com";

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string key, long size, CancellationToken cancellationToken)
    {
        try
        {
            var head = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = BucketName, Key = key }, cancellationToken);
            return head.ContentLength == size;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public PresignedUpload PresignUpload(string key, string checksumAlgorithm, string checksumHex, long size)
    {
        var fields = PresignedPostPolicy.Create(BucketName, key, checksumAlgorithm, checksumHex, size,
            _settings.S3ClientKwargs["aws_access_key_id"], _settings.S3ClientKwargs["aws_secret_access_key"], _settings.Region,
            _time.GetUtcNow(), TimeSpan.FromSeconds(_settings.UrlValiditySeconds));
        return new PresignedUpload($"{PublicBase.TrimEnd('/')}/{Uri.EscapeDataString(BucketName)}", fields);
    }

    /// <inheritdoc />
    public string PresignDownload(string key)
    {
        var endpoint = PublicBase;
        return _presigner.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = BucketName,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = _time.GetUtcNow().UtcDateTime.AddSeconds(_settings.UrlValiditySeconds),
            Protocol = endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS,
        });
    }

    /// <inheritdoc />
    public async Task<IReadOnlyCollection<string>> DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var failed = new List<string>();
        foreach (var chunk in keys.Chunk(1000))
        {
            var pending = chunk;
            for (var attempt = 1; pending.Length > 0; attempt++)
            {
                try
                {
                    var response = await _client.DeleteObjectsAsync(new DeleteObjectsRequest
                    {
                        BucketName = BucketName,
                        Objects = [.. pending.Select(k => new KeyVersion { Key = k })],
                        Quiet = true,
                    }, cancellationToken);
                    pending = [.. (response.DeleteErrors ?? []).Select(e => e.Key)];
                }
                catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    _log.LogWarning(e, "Bulk delete of {Count} sandboxes failed (attempt {Attempt})", pending.Length, attempt);
                }
                if (pending.Length == 0)
                {
                    break;
                }
                if (attempt >= DeleteAttempts)
                {
                    _log.LogWarning("{Count} sandboxes could not be deleted from {Bucket}; kept for the next clean-up", pending.Length, BucketName);
                    failed.AddRange(pending);
                    break;
                }
                await Task.Delay(RetryDelay * Math.Pow(2, attempt - 1), _time, cancellationToken);
            }
        }
        return failed;
    }

    /// <inheritdoc />
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = BucketName, MaxKeys = 1 }, cancellationToken);
            return;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            if (!_settings.AutoCreateBucket)
            {
                throw new InvalidOperationException(
                    $"The sandbox store bucket {BucketName} does not exist (DIRACX_SANDBOX_STORE_BUCKET_NAME; set DIRACX_SANDBOX_STORE_AUTO_CREATE_BUCKET=true to create it)");
            }
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException)
        {
            throw new InvalidOperationException(
                $"The sandbox store at {_settings.EndpointUrl ?? "AWS"} cannot be reached (DIRACX_SANDBOX_STORE_S3_CLIENT_KWARGS): {e.Message.ReplaceLineEndings(" ")}");
        }
        await _client.PutBucketAsync(new PutBucketRequest { BucketName = BucketName }, cancellationToken);
        _log.LogInformation("Created the sandbox store bucket {Bucket}", BucketName);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _client.Dispose();
        _presigner.Dispose();
    }
}
