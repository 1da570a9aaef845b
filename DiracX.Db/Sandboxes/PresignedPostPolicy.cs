using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DiracX.Db.Sandboxes;

/// <summary>
/// A browser-based S3 POST signed with AWS Signature Version 4 (the policy document and its signature): what
/// botocore's <c>generate_presigned_post</c> makes for DiracX, with the conditions DiracX sets (exact size, checksum).
/// </summary>
public static class PresignedPostPolicy
{
    /// <summary>The signing algorithm.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>
    /// The form fields of a POST of <paramref name="key"/> into <paramref name="bucket"/>: <c>key</c>, the checksum
    /// fields, the SigV4 fields, <c>policy</c> (base64 JSON) and <c>x-amz-signature</c>. The policy's conditions pin the
    /// bucket, the key, every field, and <c>content-length-range</c> [size, size]; it expires <paramref name="validity"/> after <paramref name="now"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Create(string bucket, string key, string checksumAlgorithm, string checksumHex, long size,
        string accessKeyId, string secretAccessKey, string region, DateTimeOffset now, TimeSpan validity)
    {
        var date = now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var credential = $"{accessKeyId}/{date}/{region}/s3/aws4_request";
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["key"] = key,
            ["x-amz-checksum-algorithm"] = checksumAlgorithm,
            [$"x-amz-checksum-{checksumAlgorithm}"] = Convert.ToBase64String(Convert.FromHexString(checksumHex)),
            ["x-amz-algorithm"] = Algorithm,
            ["x-amz-credential"] = credential,
            ["x-amz-date"] = amzDate,
        };
        var conditions = new JsonArray { new JsonObject { ["bucket"] = bucket } };
        foreach (var (name, value) in fields)
        {
            conditions.Add(new JsonObject { [name] = value });
        }
        conditions.Add(new JsonArray("content-length-range", size, size));
        var policy = new JsonObject
        {
            ["expiration"] = (now + validity).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["conditions"] = conditions,
        };
        var policyBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(policy.ToJsonString()));
        fields["policy"] = policyBase64;
        fields["x-amz-signature"] = Sign(secretAccessKey, date, region, policyBase64);
        return fields;
    }

    /// <summary>The SigV4 signature of a POST policy (hex): HMAC chain over date, region, service, then the policy.</summary>
    public static string Sign(string secretAccessKey, string date, string region, string policyBase64)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, "s3"u8.ToArray());
        key = HMACSHA256.HashData(key, "aws4_request"u8.ToArray());
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(policyBase64)));
    }
}
