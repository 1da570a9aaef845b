using System.Text.Json.Serialization;

namespace DiracX.Core.Models;

/// <summary>The body of <c>POST /api/jobs/sandbox</c> (DiracX's <c>SandboxInfo</c>).</summary>
/// <param name="ChecksumAlgorithm">Only <c>sha256</c>.</param>
/// <param name="Checksum">The checksum, 64 lowercase hexadecimal digits.</param>
/// <param name="Size">The size in bytes (at least 1).</param>
/// <param name="Format"><c>tar.bz2</c> or <c>tar.zst</c>.</param>
public sealed record SandboxInfo(
    [property: JsonPropertyName("checksum_algorithm")] string ChecksumAlgorithm,
    [property: JsonPropertyName("checksum")] string Checksum,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("format")] string Format);

/// <summary>
/// The answer of <c>POST /api/jobs/sandbox</c> (DiracX's <c>SandboxUploadResponse</c>): the PFN, and when the sandbox
/// must be uploaded, the presigned POST's URL and form fields.
/// </summary>
/// <param name="Pfn">The full PFN, <c>SB:&lt;SE&gt;|/S3/...</c>.</param>
/// <param name="Url">The presigned POST's URL, or null when the sandbox is already stored.</param>
/// <param name="Fields">The form fields; empty when there is nothing to upload (DiracX's default <c>{}</c>).</param>
public sealed record SandboxUploadResponse(
    [property: JsonPropertyName("pfn")] string Pfn,
    [property: JsonPropertyName("url")] string? Url = null,
    [property: JsonPropertyName("fields")] IReadOnlyDictionary<string, string>? Fields = null);

/// <summary>The answer of <c>GET /api/jobs/sandbox?pfn=</c> (DiracX's <c>SandboxDownloadResponse</c>).</summary>
/// <param name="Url">A presigned GET of the sandbox.</param>
/// <param name="ExpiresIn">Seconds the URL stays valid.</param>
public sealed record SandboxDownloadResponse(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>The body of <c>POST /api/jobs/sandbox/unassign</c>.</summary>
/// <param name="JobIds">The jobs whose sandboxes are unassigned.</param>
public sealed record SandboxUnassignBody([property: JsonPropertyName("job_ids")] IReadOnlyList<long> JobIds);
